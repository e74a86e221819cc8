package org.ncclkit.bench;

import java.util.List;

/**
 * Per-iteration times (CUDA events, µs) of one placement and their summary after skipping the first samples, as
 * nccl-tests' {@code computeIterStats} makes it: p50 is the upper median {@code sorted[n / 2]}, p95 and p99 are
 * nearest-rank. {@code perProcessMaxMicros} holds each process's own per-iteration maxima (over its GPUs) when the
 * run has several processes, else null: nccl-tests' {@code per_process_max_times_us}, which
 * {@code analyze_perf_json.py --straggler} reads.
 */
public record PerIterationStats(int skipped, double minMicros, double maxMicros, double avgMicros, double p50Micros,
                                double p95Micros, double p99Micros, double stdevMicros, double cvPercent,
                                List<Double> timesMicros, List<List<Double>> perProcessMaxMicros) {

    /** A summary without per-process rows (a run of one process). */
    public PerIterationStats(int skipped, double minMicros, double maxMicros, double avgMicros, double p50Micros,
                             double p95Micros, double p99Micros, double stdevMicros, double cvPercent,
                             List<Double> timesMicros) {
        this(skipped, minMicros, maxMicros, avgMicros, p50Micros, p95Micros, p99Micros, stdevMicros, cvPercent,
                timesMicros, null);
    }

    /** Summarizes samples, leaving out the first {@code skip} (they stay in {@code timesMicros}). */
    public static PerIterationStats of(List<Double> timesMicros, int skip) {
        return of(timesMicros, skip, null);
    }

    /** The same, keeping every process's rows ({@code perProcess}: null or one row per process). */
    public static PerIterationStats of(List<Double> timesMicros, int skip, List<List<Double>> perProcess) {
        List<Double> kept = timesMicros.subList(Math.min(skip, timesMicros.size()), timesMicros.size());
        double[] sorted = kept.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        List<List<Double>> rows = perProcess == null || perProcess.size() < 2 ? null : perProcess;
        if (sorted.length == 0) {
            return new PerIterationStats(skip, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, timesMicros, rows);
        }
        double sum = 0;
        for (double t : sorted) {
            sum += t; // in sorted order, as nccl-tests sums
        }
        double avg = sum / sorted.length;
        double variance = 0;
        for (double t : sorted) {
            variance += (t - avg) * (t - avg);
        }
        double stdev = Math.sqrt(variance / sorted.length);
        return new PerIterationStats(skip, sorted[0], sorted[sorted.length - 1], avg, sorted[sorted.length / 2],
                sorted[nearestRank(sorted.length, 95)], sorted[nearestRank(sorted.length, 99)], stdev,
                avg > 0 ? 100 * stdev / avg : 0, timesMicros, rows);
    }

    /** nccl-tests' {@code percentileIndex}: {@code min(n - 1, ceil(n × p / 100) - 1)} in integers. */
    static int nearestRank(int n, int percent) {
        return Math.min(n - 1, (n * percent + 99) / 100 - 1);
    }
}
