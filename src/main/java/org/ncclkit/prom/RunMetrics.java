package org.ncclkit.prom;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.SizeRow;

/**
 * The metrics of one benchmark run: bus and algorithm bandwidth and time per collective, size, type, operation and
 * placement, the wrong elements, the average bus bandwidth, and whether the run passed, each labelled with the
 * collective and the host of rank 0 so that several nodes' files can be told apart.
 */
public final class RunMetrics {
    private RunMetrics() {
    }

    public static PrometheusTextfile of(BenchmarkRun run, boolean passed, long unixSeconds) {
        PrometheusTextfile metrics = new PrometheusTextfile();
        String host = run.facts().hosts().isEmpty() ? "" : run.facts().hosts().getFirst();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("collective", run.collective());
        common.put("host", host);
        for (SizeRow row : run.rows()) {
            add(metrics, common, row, "out_of_place", row.outOfPlace());
            add(metrics, common, row, "in_place", row.inPlace());
        }
        if (run.averageBusBandwidth() != null) {
            metrics.gauge("ncclkit_avg_busbw_gbytes_per_second", "Average bus bandwidth over every size and placement "
                    + "(GB/s), as nccl-tests prints it", common, run.averageBusBandwidth());
        }
        outcome(metrics, common, passed, unixSeconds);
        return metrics;
    }

    /** Whether the run passed and when it ended: the two gauges every command's textfile ends with. */
    static void outcome(PrometheusTextfile metrics, Map<String, String> labels, boolean passed, long unixSeconds) {
        metrics.gauge("ncclkit_run_passed", "1 when the run finished with every check passing, else 0", labels, passed ? 1 : 0);
        metrics.gauge("ncclkit_run_timestamp_seconds", "When the run ended (Unix time)", labels, unixSeconds);
    }

    private static void add(PrometheusTextfile metrics, Map<String, String> common, SizeRow row, String placement,
                            Placement p) {
        if (p == null) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>(common);
        labels.put("size_bytes", Long.toString(row.sizeBytes()));
        labels.put("type", row.type());
        labels.put("redop", row.redop());
        labels.put("placement", placement);
        metrics.gauge("ncclkit_busbw_gbytes_per_second", "Bus bandwidth (GB/s) at one size", labels, p.busBandwidth());
        metrics.gauge("ncclkit_algbw_gbytes_per_second", "Algorithm bandwidth (GB/s) at one size", labels, p.algorithmBandwidth());
        metrics.gauge("ncclkit_time_microseconds", "Time per operation (us) at one size", labels, p.timeMicros());
        if (p.wrong() != null) {
            metrics.gauge("ncclkit_wrong_elements", "Elements that came out wrong at one size (#wrong)", labels, p.wrong());
        }
    }
}
