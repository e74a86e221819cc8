package org.ncclkit.prom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.history.SyntheticReports;
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
    void aCheckP2pRunBecomesItsMedianAndSlowestPairItsWrongElementsAndItsSuspects() {
        String text = P2pMetrics.of(SyntheticReports.p2p(12.5, 3), "node0", false, 1765120000L).render();

        assertThat(text).contains("ncclkit_p2p_bandwidth_gbytes_per_second{collective=\"p2p\",host=\"node0\","
                        + "size_bytes=\"67108864\",statistic=\"median\"} 24")
                .contains("ncclkit_p2p_bandwidth_gbytes_per_second{collective=\"p2p\",host=\"node0\","
                        + "size_bytes=\"67108864\",statistic=\"slowest\"} 12.5")
                .contains("ncclkit_p2p_latency_microseconds{collective=\"p2p\",host=\"node0\",size_bytes=\"8\"} 21.7")
                .contains("ncclkit_wrong_elements{collective=\"p2p\",host=\"node0\",size_bytes=\"67108864\"} 3")
                .contains("ncclkit_p2p_flagged_pairs{collective=\"p2p\",host=\"node0\"} 1")
                .contains("ncclkit_p2p_suspect_flagged_pairs{collective=\"p2p\",host=\"node0\",node=\"node1\"} 1")
                .contains("ncclkit_run_passed{collective=\"p2p\",host=\"node0\"} 0");
    }

    @Test
    void aValidateRunBecomesBusbwPerCollectiveRunBesideTheExpectedValueAndEveryNodesVerdict() {
        String text = ValidateMetrics.of(SyntheticReports.validate(1.0), 1765120000L).render();

        assertThat(text).contains("ncclkit_validate_busbw_gbytes_per_second{collective=\"validate\",host=\"node-a\","
                        + "run=\"all GPUs\",operation=\"all_reduce\",size_bytes=\"1073741824\"} 180")
                .contains("ncclkit_validate_expected_busbw_gbytes_per_second{collective=\"validate\",host=\"node-a\","
                        + "run=\"all GPUs\",operation=\"all_reduce\",size_bytes=\"1073741824\"} 190")
                .doesNotContain("ncclkit_validate_expected_busbw_gbytes_per_second{collective=\"validate\",host=\"node-a\","
                        + "run=\"all GPUs\",operation=\"all_gather\"")
                .contains("ncclkit_wrong_elements{collective=\"validate\",host=\"node-a\",run=\"network only\","
                        + "operation=\"all_reduce\",size_bytes=\"1073741824\"} 0")
                .contains("ncclkit_validate_node_verdict{collective=\"validate\",host=\"node-a\",node=\"node-b\",verdict=\"PASS\"} 1")
                .contains("ncclkit_run_passed{collective=\"validate\",host=\"node-a\"} 1");
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
