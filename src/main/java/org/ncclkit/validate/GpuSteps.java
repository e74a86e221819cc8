package org.ncclkit.validate;

import java.util.List;
import java.util.Optional;

/** When the GPU steps cannot run: a node without a GPU, or without CUDA or NCCL (the same answer on every rank). */
final class GpuSteps {
    private GpuSteps() {
    }

    static Optional<String> reasonToSkip(StepContext ctx, InventoryStep.Gpus gpus) {
        if (!gpus.everywhere()) {
            return Optional.of("no GPU on " + gpus.firstMissing(ctx.nodes()));
        }
        List<String> problems = ctx.allGather(P2pStep.ncclProblem());
        for (int i = 0; i < problems.size(); i++) {
            if (!problems.get(i).isEmpty()) {
                return Optional.of("NCCL cannot run on " + ctx.nodes().get(i) + ": " + problems.get(i));
            }
        }
        return Optional.empty();
    }
}
