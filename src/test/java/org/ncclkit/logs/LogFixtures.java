package org.ncclkit.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real logs under {@code src/test/resources/org/ncclkit/logs/}: each starts with a {@code # source:} line saying
 * where it came from. A new log is one file there plus one test in {@link NetworkVerdictsTest}.
 */
final class LogFixtures {
    private LogFixtures() {
    }

    static Path path(String name) {
        try {
            var url = LogFixtures.class.getResource(name);
            if (url == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(String name) {
        try {
            return Files.readAllLines(path(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LogSummary summary(String name) {
        return NcclLogParser.parse(lines(name));
    }

    static Verdict verify(String name, String expect) {
        return NetworkVerdicts.judge(summary(name), Expectation.of(expect, 0), false);
    }

    static List<String> names() {
        try (Stream<Path> files = Files.list(path("efa-libfabric-gdrdma-p4d-2.27.3.log").getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProcessSummary process(LogSummary log, String id) {
        return log.processes().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no process " + id + " in " + log.processes().stream().map(ProcessSummary::id).toList()));
    }
}
