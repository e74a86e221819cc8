package org.ncclkit.prom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Captures;
import org.ncclkit.results.ResultsFiles;

class PrometheusTextfileTest {
    @TempDir
    Path folder;

    @Test
    void samplesOfOneMetricStandTogetherUnderTheirHelpAndType() {
        String text = new PrometheusTextfile()
                .gauge("a_total", "First", Map.of("x", "1"), 1)
                .gauge("b", "Second", Map.of(), 2.5)
                .gauge("a_total", "ignored", Map.of("x", "2"), Double.NaN)
                .render();

        assertThat(text).isEqualTo("""
                # HELP a_total First
                # TYPE a_total gauge
                a_total{x="1"} 1
                a_total{x="2"} NaN
                # HELP b Second
                # TYPE b gauge
                b 2.5
                """);
    }

    @Test
    void labelValuesAreEscaped() {
        String text = new PrometheusTextfile().gauge("m", "h", Map.of("host", "a\"b\\c\nd"), 1).render();

        assertThat(text).contains("m{host=\"a\\\"b\\\\c\\nd\"} 1");
    }

    @Test
    void aRunBecomesBandwidthPerSizeAndAVerdict() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.NCCL_TESTS_SOCKET));

        String text = RunMetrics.of(run, true, 1765120000L).render();

        assertThat(text).contains("ncclkit_busbw_gbytes_per_second{collective=\"all_reduce\",host=\"vm\","
                + "size_bytes=\"8388608\",type=\"float\",redop=\"sum\",placement=\"in_place\"} 3.03")
                .contains("ncclkit_wrong_elements{collective=\"all_reduce\",host=\"vm\",size_bytes=\"8\",type=\"float\","
                        + "redop=\"sum\",placement=\"out_of_place\"} 0")
                .contains("ncclkit_avg_busbw_gbytes_per_second{collective=\"all_reduce\",host=\"vm\"} 0.784621")
                .contains("ncclkit_run_passed{collective=\"all_reduce\",host=\"vm\"} 1")
                .contains("ncclkit_run_timestamp_seconds{collective=\"all_reduce\",host=\"vm\"} 1765120000");
    }

    @Test
    void writingReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = folder.resolve("ncclkit.prom");
        Files.writeString(file, "old\n");

        new PrometheusTextfile().gauge("m", "h", Map.of(), 1).write(file);

        assertThat(Files.readString(file)).isEqualTo("# HELP m h\n# TYPE m gauge\nm 1\n");
        try (var entries = Files.list(folder)) {
            assertThat(entries).containsExactly(file);
        }
    }
}
