package org.ncclkit.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.info.NodeProbe;

/** Enables {@link GpuTest}s only where the CUDA driver finds a GPU; otherwise says why they are skipped. */
public final class GpuPresent implements ExecutionCondition {
    private static NodeInfo node;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        NodeInfo info = node();
        return info.hasGpu()
                ? ConditionEvaluationResult.enabled(info.gpus().size() + " GPU(s)")
                : ConditionEvaluationResult.disabled("GPU test skipped: " + info.gpuProblem());
    }

    /** Whether this machine has a usable GPU (probed once). */
    public static boolean hasGpu() {
        return node().hasGpu();
    }

    private static synchronized NodeInfo node() {
        if (node == null) {
            node = NodeProbe.probe();
            if (!node.hasGpu()) {
                System.err.println("[gpu tests] skipped: " + node.gpuProblem());
            }
        }
        return node;
    }
}
