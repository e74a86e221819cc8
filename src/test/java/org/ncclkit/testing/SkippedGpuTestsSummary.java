package org.ncclkit.testing;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says on the console, once at the end of a test run, why GPU tests were skipped and how many: surefire puts a
 * skip's reason only in its XML report, and a run that skips them silently looks like a run that passed them.
 */
public final class SkippedGpuTestsSummary implements TestExecutionListener {
    /** Per reason: how many test classes (index 0) and test methods (index 1) were skipped for it. */
    private final Map<String, int[]> skippedByReason = new TreeMap<>();
    private final PrintStream console;

    /** The listener JUnit loads (META-INF/services), writing to standard error. */
    public SkippedGpuTestsSummary() {
        this(System.err);
    }

    SkippedGpuTestsSummary(PrintStream console) {
        this.console = console;
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        if (reason != null && reason.startsWith(GpuPresent.SKIP_PREFIX)) {
            skippedByReason.computeIfAbsent(reason.substring(GpuPresent.SKIP_PREFIX.length()), r -> new int[2])
                    [test.isTest() ? 1 : 0]++;
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        skippedByReason.forEach((reason, counts) -> console.println("[gpu tests] skipped: " + reason + " ("
                + counted(counts[0], "GPU test class", "GPU test classes")
                + (counts[0] > 0 && counts[1] > 0 ? " and " : "")
                + counted(counts[1], "GPU test method", "GPU test methods") + " did not run)"));
        console.flush();
        skippedByReason.clear();
    }

    private static String counted(int count, String one, String many) {
        return count == 0 ? "" : count + " " + (count == 1 ? one : many);
    }
}
