package org.ncclkit.prom;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ncclkit.validate.ValidateReport;

/**
 * The metrics of a {@code validate} run: the bus bandwidth of each collective run beside its expected value, the
 * wrong elements, every node's verdict, and whether the run passed, labelled with the collective ({@code validate})
 * and the first node.
 */
public final class ValidateMetrics {
    private ValidateMetrics() {
    }

    public static PrometheusTextfile of(ValidateReport report, long unixSeconds) {
        PrometheusTextfile metrics = new PrometheusTextfile();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("collective", "validate");
        common.put("host", report.nodes().isEmpty() ? "" : report.nodes().getFirst().name());
        for (ValidateReport.Busbw b : report.busbw()) {
            Map<String, String> labels = PrometheusTextfile.withLabel(PrometheusTextfile.withLabel(PrometheusTextfile.withLabel(common, "run", b.run()),
                    "operation", b.collective()), "size_bytes", Long.toString(b.bytes()));
            metrics.gauge("ncclkit_validate_busbw_gbytes_per_second", "Bus bandwidth (GB/s) of one collective run", labels,
                    b.busbwGbps());
            if (b.expectedGbps() != null) {
                metrics.gauge("ncclkit_validate_expected_busbw_gbytes_per_second", "The bus bandwidth expected of that run "
                        + "(GB/s, ncclkit expected's model)", labels, b.expectedGbps());
            }
            metrics.gauge("ncclkit_wrong_elements", "Elements that came out wrong at one size (#wrong)", labels, b.wrong());
        }
        for (ValidateReport.Node n : report.nodes()) {
            metrics.gauge("ncclkit_validate_node_verdict", "1 for each node's verdict (PASS, SUSPECT or FAIL)",
                    PrometheusTextfile.withLabel(PrometheusTextfile.withLabel(common, "node", n.name()), "verdict", n.verdict().name()), 1);
        }
        RunMetrics.outcome(metrics, common, report.exitStatus() == 0, unixSeconds);
        return metrics;
    }
}
