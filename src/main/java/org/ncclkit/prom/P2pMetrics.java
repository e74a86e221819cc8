package org.ncclkit.prom;

import java.util.LinkedHashMap;
import java.util.Map;

import org.ncclkit.check.P2pJson;
import org.ncclkit.check.Suspect;

/**
 * The metrics of a {@code check p2p} (or {@code check}) run: the median and slowest pair's bandwidth and the median
 * latency at the message size, the wrong elements, the flagged pairs, each suspect node with its flagged pairs, and
 * whether the run passed, labelled with the collective ({@code p2p}) and rank 0's node.
 */
public final class P2pMetrics {
    private P2pMetrics() {
    }

    /** {@code p2p} is null for a check that ended before its pairs were measured: only the outcome is written. */
    public static PrometheusTextfile of(P2pJson.Document p2p, String host, boolean passed, long unixSeconds) {
        PrometheusTextfile metrics = new PrometheusTextfile();
        Map<String, String> common = new LinkedHashMap<>();
        common.put("collective", "p2p");
        common.put("host", host);
        if (p2p != null && !p2p.pairs().isEmpty()) {
            Map<String, String> sized = PrometheusTextfile.withLabel(common, "size_bytes", Long.toString(p2p.bytes()));
            double slowest = p2p.pairs().stream().mapToDouble(P2pJson.Pair::bandwidthGbps).min().orElseThrow();
            String help = "Bandwidth per direction (GB/s) of the median or the slowest pair";
            metrics.gauge("ncclkit_p2p_bandwidth_gbytes_per_second", help, PrometheusTextfile.withLabel(sized, "statistic", "median"), p2p.bandwidthMedianGbps());
            metrics.gauge("ncclkit_p2p_bandwidth_gbytes_per_second", help, PrometheusTextfile.withLabel(sized, "statistic", "slowest"), slowest);
            metrics.gauge("ncclkit_p2p_latency_microseconds", "Median latency of the small exchange (us)",
                    PrometheusTextfile.withLabel(common, "size_bytes", Long.toString(p2p.latencyBytes())), p2p.latencyMedianUs());
            metrics.gauge("ncclkit_wrong_elements", "Elements that came out wrong at one size (#wrong)", sized,
                    p2p.pairs().stream().mapToLong(P2pJson.Pair::wrong).sum());
            metrics.gauge("ncclkit_p2p_flagged_pairs", "Pairs slow or with wrong data", common,
                    p2p.pairs().stream().filter(p -> p.slowBandwidth() || p.slowLatency() || p.wrong() > 0).count());
            for (Suspect s : p2p.suspects()) {
                metrics.gauge("ncclkit_p2p_suspect_flagged_pairs", "Flagged pairs of a suspect node", PrometheusTextfile.withLabel(common, "node", s.node()),
                        s.flaggedPairs());
            }
        }
        RunMetrics.outcome(metrics, common, passed, unixSeconds);
        return metrics;
    }
}
