package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.history.HistoryStore;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Captures;
import org.ncclkit.results.ResultsFiles;

class HistoryOptionsTest {
    @TempDir
    Path dir;
    private final StringWriter err = new StringWriter();
    private final AtomicInteger rendered = new AtomicInteger();
    private final Supplier<BenchmarkRun> results = () -> {
        rendered.incrementAndGet();
        return ResultsFiles.read(Captures.path(Captures.NCCL_TESTS_SOCKET));
    };

    @Test
    void aPerfRunRecordedNowhereIsNeverRendered() {
        HistoryOptions options = new HistoryOptions();
        options.off = true;

        options.record("perf", results, true, new PrintWriter(err));

        assertThat(options.records()).isFalse();
        assertThat(rendered).hasValue(0);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aPerfRunForTheHistoryAndATextfileIsRenderedOnceForBoth() {
        HistoryOptions options = new HistoryOptions();
        options.path = dir.resolve("history.db").toString();
        options.prometheusFile = dir.resolve("ncclkit.prom");

        options.record("perf", results, true, new PrintWriter(err));

        assertThat(rendered).hasValue(1);
        assertThat(err.toString()).isEmpty();
        assertThat(options.prometheusFile).isNotEmptyFile();
        try (HistoryStore store = HistoryStore.open(Path.of(options.path))) {
            assertThat(store.list()).hasSize(1);
        }
    }

    @Test
    void aTextfileAloneStillRendersTheRun() throws Exception {
        HistoryOptions options = new HistoryOptions();
        options.off = true;
        options.prometheusFile = dir.resolve("ncclkit.prom");

        options.record("perf", results, false, new PrintWriter(err));

        assertThat(rendered).hasValue(1);
        assertThat(Files.readString(options.prometheusFile)).contains("ncclkit_");
    }
}
