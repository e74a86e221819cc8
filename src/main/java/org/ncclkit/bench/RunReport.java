package org.ncclkit.bench;

import java.util.List;

/**
 * Everything a finished (or failed) {@code perf} run reports: the configuration, the devices, the rows, and the
 * summary nccl-tests prints at the end. {@code minBusBandwidth} is {@code NCCL_TESTS_MIN_BW} (NaN when unset);
 * {@code errors} holds NCCL's last error strings.
 */
public record RunReport(PerfConfig config, List<String> args, int ncclVersion, String startTime, String endTime,
                        List<DeviceLine> devices, List<ResultRow> rows, double minBusBandwidth, List<String> errors,
                        MemoryUsage memory) {

    /** What nccl-tests' 0.0 / 0.0 gives on x86 when no row was measured, printed {@code -nan}. */
    public static final double NO_ROWS_AVERAGE = Double.longBitsToDouble(0xfff8000000000000L);

    /** The {@code Out of bounds values} count: failed checks of every placement, counted per thread as nccl-tests does. */
    public long failedChecks() {
        return rows.stream().flatMap(r -> java.util.stream.Stream.of(r.outOfPlace(), r.inPlace()))
                .mapToLong(Measurement::failedChecks).sum();
    }

    /** Mean bus bandwidth over every row and both placements, as nccl-tests averages it. */
    public double averageBusBandwidth() {
        return rows.stream().flatMap(r -> java.util.stream.Stream.of(r.outOfPlace(), r.inPlace()))
                .mapToDouble(Measurement::busBandwidth).average().orElse(NO_ROWS_AVERAGE);
    }

    /** Whether the average bus bandwidth passes {@code NCCL_TESTS_MIN_BW} (0.9 × the value, like nccl-tests). */
    public boolean bandwidthOk() {
        // nccl-tests fails only a mean below the limit: a NaN mean (no rows) passes there too
        return Double.isNaN(minBusBandwidth) || !(averageBusBandwidth() < 0.9 * minBusBandwidth);
    }

    /** GPU memory in bytes: at initialization, allocated by ncclkit, used by NCCL, and the total ({@code -M 1}). */
    public record MemoryUsage(long initialization, long userAllocated, long collective, long total) {
    }
}
