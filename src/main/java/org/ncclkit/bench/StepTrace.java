package org.ncclkit.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * With {@code NCCLKIT_TRACE_STEPS} set, each step a run takes (the names {@code -T} reports) is printed to standard
 * error with the milliseconds since the process started: where start-up time goes (the JVM, CUDA and NCCL init, the
 * compiler warm-up), without a profiler on the GPU machine. Standard output stays nccl-tests' table.
 */
public final class StepTrace {
    public static final String VARIABLE = "NCCLKIT_TRACE_STEPS";
    private static final boolean ON = System.getenv(VARIABLE) != null;
    private static final Instant PROCESS_START = ProcessHandle.current().info().startInstant().orElse(Instant.now());

    private StepTrace() {
    }

    /** Prints the step when tracing is on; the run's own steps come through {@link StallWatchdog#step}. */
    public static void step(String what) {
        if (ON) {
            System.err.println(String.format(Locale.ROOT, "ncclkit: trace: %6d ms %s",
                    Duration.between(PROCESS_START, Instant.now()).toMillis(), what));
            System.err.flush();
        }
    }
}
