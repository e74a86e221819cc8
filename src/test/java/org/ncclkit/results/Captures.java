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
    /** Published outputs, kept byte for byte; public/README.md names each one's source and what it exercises. */
    public static final String TAG_OUTPUT_2_18 = "/org/ncclkit/results/public/nccl-tests-2.18.0-tag-output-all_reduce.log";
    public static final String RAY_PREFIX = "/org/ncclkit/results/public/skypilot-ray-prefix-all_gather-16ranks.log";
    public static final String GCP_PLAIN = "/org/ncclkit/results/public/gcp-a4-all_gather-16ranks.log";
    public static final String EFA_2_8_3 = "/org/ncclkit/results/public/nccl-2.8.3-p4d-efa-tag-output-all_reduce.log";
    /**
     * Captured on the H100 (gpu/README.md): two 1-rank all_reduce_perf -I 1 runs under mpirun --tag-output, their text
     * interleaved, and the -J JSON of each.
     */
    public static final String TAGGED_I1_TEXT = "/org/ncclkit/results/gpu/all_reduce-tag-output-I1.txt";
    public static final String TAGGED_I1_JSON_RANK_0 = "/org/ncclkit/results/gpu/tagged-I1-0.json";
    public static final String TAGGED_I1_JSON_RANK_1 = "/org/ncclkit/results/gpu/tagged-I1-1.json";

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
