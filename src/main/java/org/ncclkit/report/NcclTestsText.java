package org.ncclkit.report;

import java.util.List;
import java.util.Locale;

import org.ncclkit.bench.DeviceLine;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.MemoryLimit;
import org.ncclkit.bench.PerIterationStats;
import org.ncclkit.bench.PerfConfig;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.RunReport;

/**
 * The text report of nccl-tests 2.19 ({@code src/util.cu}), column for column, in the pieces a benchmark prints as it
 * goes: {@link #header}, one {@link #row} per size, {@link #footer}. Each piece is whole lines ending in {@code \n}.
 */
public final class NcclTestsText {
    // Every column of the table, as format and widths: the preamble, then per placement, then -I's additions.
    private static final String PREAMBLE_HEADING = "# %10s  %12s  %8s  %6s  %6s";
    private static final String PLACEMENT_HEADING = "  %7s  %6s  %6s  %6s";
    private static final String PER_ITERATION_HEADING = "  %7s  %7s  %7s  %7s";
    private static final String WRONG_NOT_CHECKED = "    N/A";
    private static final int TIMESTAMP_WIDTH = 19;
    private static final String TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S";

    private NcclTestsText() {
    }

    /** The program name nccl-tests prints for this collective: {@code all_reduce_perf}. */
    public static String testName(PerfConfig config) {
        return config.collective().label() + "_perf";
    }

    /**
     * Everything above the first row: the run parameters, the devices, and the two-line column header. The first
     * line names ncclkit rather than nccl-tests; parsers skip {@code #} lines, people see which tool ran.
     */
    public static String header(PerfConfig config, String ncclkitVersion, int ncclVersion, List<DeviceLine> devices) {
        return header(config, ncclkitVersion, ncclVersion, devices, -1);
    }

    /**
     * The same, for a run whose largest size was lowered to {@code reducedMaxBytes} to fit GPU memory (-1: not
     * lowered): nccl-tests prints the requested size on top and the lowered one below the devices.
     */
    public static String header(PerfConfig config, String ncclkitVersion, int ncclVersion, List<DeviceLine> devices,
                                long reducedMaxBytes) {
        StringBuilder out = new StringBuilder();
        line(out, "# ncclkit %s (nccl-tests 2.19 format) nccl-library=%d", ncclkitVersion, ncclVersion);
        line(out, "# Collective test starting: %s", testName(config));
        boolean byFactor = config.stepFactor() > 1;
        line(out, "# nThread %d nGpus %d minBytes %d maxBytes %d step: %d(%s) warmup iters: %d iters: %d agg iters: %d"
                        + " validation: %d graph: %d unalign: %d",
                config.threads(), config.gpusPerThread(), config.minBytes(), config.maxBytes(),
                byFactor ? config.stepFactor() : config.stepBytes(), byFactor ? "factor" : "bytes",
                config.warmupIterations(), config.iterations(), config.aggregatedIterations(),
                config.checkIterations(), config.cudaGraph() ? config.cudaGraphLaunches() : 0,
                config.unalignElements());
        switch (config.blocking()) {
            case 1 -> line(out, "# Blocking Enabled: wait and barrier after each inner iteration (-m) ");
            case 2 -> line(out, "# Blocking Enabled: wait after each inner iteration (-m), no barrier ");
            case 3 -> line(out, "# Blocking Enabled: wait and barrier after each outer iteration (-n); "
                    + "time excludes barrier ");
            default -> { }
        }
        if (config.perIterationTiming()) {
            line(out, "# Per-Iteration Report: CUDA event timing; i_* uses max over process rows%s ",
                    config.perIterationSkip() > 0
                            ? "; summary skips first " + config.perIterationSkip() + " iterations" : "");
        }
        if (config.setup().parallelInit()) {
            line(out, "# Parallel Init Enabled: threads call into NcclInitRank concurrently ");
        }
        line(out, "#");
        line(out, "# Using devices");
        devices.forEach(device -> out.append(deviceLine(device)).append('\n'));
        if (reducedMaxBytes >= 0) {
            out.append(MemoryLimit.reducedLine(reducedMaxBytes));
        }
        line(out, "#");
        columnHeader(out, config);
        return out.toString();
    }

    /** A device under {@code # Using devices}: rank, group, pid, host, CUDA device, PCI address and GPU name. */
    static String deviceLine(DeviceLine device) {
        return String.format(Locale.ROOT, "#  Rank %2d Group %2d Pid %6d on %10s device %2d [%s] %s", device.rank(),
                device.group(), device.pid(), device.hostname(), device.device(),
                PciAddress.parse(device.pciBusId()), device.gpuName());
    }

    private static void columnHeader(StringBuilder out, PerfConfig config) {
        boolean perIteration = config.perIterationTiming();
        String time = config.reportCpuTime() ? "cputime" : "time";
        line(out, PREAMBLE_HEADING + (perIteration
                ? "              out-of-place (+ per-iteration)                                in-place (+ per-iteration)"
                : "           out-of-place                       in-place          "), "", "", "", "", "");
        String names = placementHeading(perIteration, time, "algbw", "busbw", "#wrong", "i_min", "i_max", "i_p99", "i_cv%");
        String units = placementHeading(perIteration, "(us)", "(GB/s)", "(GB/s)", "", "(us)", "(us)", "(us)", "(%)");
        boolean timestamps = config.reportTimestamps();
        int timestampWidth = timestamps ? TIMESTAMP_WIDTH : 0;
        out.append(heading("size", "count", "type", "redop", "root")).append(names).append(names).append(' ')
                .append(CFormat.padLeft(timestamps ? "timestamp" : "", timestampWidth)).append('\n');
        out.append(heading("(B)", "(elements)", "", "", "")).append(units).append(units).append(' ')
                .append(CFormat.padLeft(timestamps ? TIMESTAMP_FORMAT : "", timestampWidth)).append('\n');
    }

    private static String heading(String size, String count, String type, String redop, String root) {
        return String.format(Locale.ROOT, PREAMBLE_HEADING, size, count, type, redop, root);
    }

    private static String placementHeading(boolean perIteration, String time, String algbw, String busbw,
                                           String wrong, String min, String max, String p99, String cv) {
        String placement = String.format(Locale.ROOT, PLACEMENT_HEADING, time, algbw, busbw, wrong);
        return perIteration ? placement + String.format(Locale.ROOT, PER_ITERATION_HEADING, min, max, p99, cv)
                : placement;
    }

    /**
     * One row of the table. Per-iteration columns appear for placements that carry {@link PerIterationStats}, and
     * the timestamp column when the row has a timestamp.
     */
    public static String row(ResultRow row) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%12d  %12d  %8s  %6s  %6d",
                row.sizeBytes(), row.count(), row.type(), row.redop(), row.root()));
        placement(out, row.outOfPlace());
        placement(out, row.inPlace());
        if (row.timestamp() != null) {
            out.append(CFormat.padLeft(row.timestamp(), TIMESTAMP_WIDTH + 2));
        }
        return out.append('\n').toString();
    }

    private static void placement(StringBuilder out, Measurement m) {
        out.append("  ").append(ColumnNumber.fit(m.timeMicros(), 7))
                .append("  ").append(ColumnNumber.fit(m.algorithmBandwidth(), 6))
                .append("  ").append(ColumnNumber.fit(m.busBandwidth(), 6))
                // nccl-tests' "not checked" cell is one character narrower than a count; kept for byte equality.
                .append(m.wrong() == null ? WRONG_NOT_CHECKED : "  " + CFormat.padLeft(CFormat.general(m.wrong()), 6));
        PerIterationStats stats = m.perIteration();
        if (stats != null) {
            for (double value : new double[] {stats.minMicros(), stats.maxMicros(), stats.p99Micros(), stats.cvPercent()}) {
                out.append("  ").append(ColumnNumber.fit(value, 7));
            }
        }
    }

    /**
     * Everything below the last row: the check and bandwidth verdicts, the GPU memory line with {@code -M 1}, and
     * NCCL's last error (a blank line when there is none).
     */
    public static String footer(RunReport report) {
        StringBuilder out = new StringBuilder();
        long failed = report.failedChecks();
        line(out, "# %-20s : %d %s", "Out of bounds values", failed, failed == 0 ? "OK" : "FAILED");
        String verdict = Double.isNaN(report.minBusBandwidth()) ? "" : report.bandwidthOk() ? "OK" : "FAILED";
        line(out, "# %-20s : %s %s", "Avg bus bandwidth", CFormat.general(report.averageBusBandwidth()), verdict);
        line(out, "#");
        line(out, "# Collective test concluded: %s", testName(report.config()));
        if (report.config().memoryReport() && report.memory() != null) {
            RunReport.MemoryUsage memory = report.memory();
            line(out, "# %-20s : Initialization %s | User-Allocated %s | Collective %s | Total  %s", "GPU memory usage",
                    memory(memory.initialization()), memory(memory.userAllocated()), memory(memory.collective()),
                    memory(memory.total()));
        }
        line(out, "#");
        List<String> errors = report.errors().stream().filter(e -> e != null && !e.isEmpty()).toList();
        if (errors.isEmpty()) {
            line(out, "");
        }
        errors.forEach(error -> line(out, "# error: %s", error));
        return out.toString();
    }

    /** Bytes in binary units with three significant digits or so, as nccl-tests' {@code -M} line shows them. */
    static String memory(long bytes) {
        double amount = bytes;
        String unit = "B";
        for (String larger : new String[] {"KB", "MB", "GB"}) {
            if (Math.abs(amount) < 1024) {
                break;
            }
            amount /= 1024;
            unit = larger;
        }
        int decimals = Math.abs(amount) < 10 ? 2 : Math.abs(amount) < 100 ? 1 : 0;
        return CFormat.fixed(amount, decimals) + " " + unit;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
