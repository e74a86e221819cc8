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
    private final Map<String, Integer> skippedByReason = new TreeMap<>();
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
            skippedByReason.merge(reason.substring(GpuPresent.SKIP_PREFIX.length()), 1, Integer::sum);
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        skippedByReason.forEach((reason, count) -> console.println("[gpu tests] skipped: " + reason + " (" + count
                + (count == 1 ? " GPU test class or method" : " GPU test classes and methods") + " did not run)"));
        console.flush();
        skippedByReason.clear();
    }
}
