package org.ncclkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * With {@code NCCLKIT_TRACE_STEPS} set, each step a run takes (the names {@code -T} reports) is printed to standard
 * error with the milliseconds since the process started: where start-up time goes (the JVM, CUDA and NCCL init, the
 * compiler warm-up), without a profiler on the GPU machine. Standard output stays nccl-tests' table.
 */
public final class StepTrace {
    public static final String VARIABLE = "NCCLKIT_TRACE_STEPS";
    private static final boolean ON = System.getenv(VARIABLE) != null;
    /** Linux's clock ticks per second for /proc ({@code sysconf(_SC_CLK_TCK)}, 100 on every kernel built today). */
    private static final double TICKS_PER_SECOND = 100;
    private static final long NANOS_AT_LOAD = System.nanoTime();
    private static final double MILLIS_RUN_AT_LOAD = ON ? millisSinceProcessStart() : 0;

    private StepTrace() {
    }

    /** Prints the step when tracing is on; the run's own steps come through {@link StallWatchdog#step}. */
    public static void step(String what) {
        if (ON) {
            long millis = Math.round(MILLIS_RUN_AT_LOAD + (System.nanoTime() - NANOS_AT_LOAD) / 1e6);
            System.err.println(String.format(Locale.ROOT, "ncclkit: trace: %6d ms %s", millis, what));
            System.err.flush();
        }
    }

    /**
     * From the kernel's clock since boot, to 10 ms: {@code ProcessHandle}'s start instant rests on the boot time in
     * whole seconds, which put up to a second of error into every figure.
     */
    private static double millisSinceProcessStart() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name (in parentheses, which may hold spaces); starttime is field 22
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startedAt = Long.parseLong(fields[19]) / TICKS_PER_SECOND;
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            return (uptime - startedAt) * 1000;
        } catch (IOException | RuntimeException e) {
            return 0; // no /proc (not Linux): the figures count from the first step instead
        }
    }
}
