package org.ncclkit.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.info.NodeProbe;

/** Enables {@link GpuTest}s only where the CUDA driver finds a GPU; otherwise says why they are skipped. */
public final class GpuPresent implements ExecutionCondition {
    /** How a skip's reason starts, for {@link SkippedGpuTestsSummary}. */
    static final String SKIP_PREFIX = "GPU test skipped: ";
    private static NodeInfo node;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        NodeInfo info = node();
        return info.hasGpu()
                ? ConditionEvaluationResult.enabled(info.gpus().size() + " GPU(s)")
                : ConditionEvaluationResult.disabled(SKIP_PREFIX + info.gpuProblem());
    }

    /** Whether this machine has a usable GPU (probed once). */
    public static boolean hasGpu() {
        return node().hasGpu();
    }

    private static synchronized NodeInfo node() {
        if (node == null) {
            node = NodeProbe.probe(); // SkippedGpuTestsSummary says at the end of the run why GPU tests were skipped
        }
        return node;
    }
}
