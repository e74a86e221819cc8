package org.ncclkit.bench;

import java.util.List;

/** Per-iteration times (CUDA events, µs) of one placement and their summary after skipping the first samples. */
public record PerIterationStats(int skipped, double minMicros, double maxMicros, double avgMicros, double p50Micros,
                                double p95Micros, double p99Micros, double stdevMicros, double cvPercent,
                                List<Double> timesMicros) {

    /** Summarizes samples, leaving out the first {@code skip} (they stay in {@code timesMicros}). */
    public static PerIterationStats of(List<Double> timesMicros, int skip) {
        List<Double> kept = timesMicros.subList(Math.min(skip, timesMicros.size()), timesMicros.size());
        double[] sorted = kept.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new PerIterationStats(skip, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, timesMicros);
        }
        double avg = java.util.Arrays.stream(sorted).average().orElse(Double.NaN);
        double variance = java.util.Arrays.stream(sorted).map(t -> (t - avg) * (t - avg)).sum() / sorted.length;
        double stdev = Math.sqrt(variance);
        return new PerIterationStats(skip, sorted[0], sorted[sorted.length - 1], avg, percentile(sorted, 50),
                percentile(sorted, 95), percentile(sorted, 99), stdev, avg == 0 ? 0 : 100 * stdev / avg, timesMicros);
    }

    /** Nearest-rank percentile of sorted samples. */
    static double percentile(double[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
