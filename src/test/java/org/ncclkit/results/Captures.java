package org.ncclkit.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real outputs kept as test resources, as paths and as lines. */
public final class Captures {
    /** nccl-tests 2.19.6 all_reduce_perf under mpirun on 2 H200s, NCCL INFO lines between the rows (a GPU capture). */
    public static final String NCCL_TESTS_SOCKET = "/org/ncclkit/logs/socket-mpirun-nccl-tests-2.28.9.log";
    /** The seed page's all_reduce_perf output (NCCL 2.4.8): an error column, no root, header lines without '#'. */
    public static final String SEED = "/org/ncclkit/logs/dlami-all-reduce-perf-efa-2.4.8.log";

    private Captures() {
    }

    public static Path path(String resource) {
        try {
            return Path.of(Captures.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> lines(String resource) {
        try {
            return Files.readAllLines(path(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
