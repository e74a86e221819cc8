package org.ncclkit.bench;

import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/**
 * What one rank's receive pointer must hold after one operation: how many elements, and where each comes from —
 * the rules that make every collective's result predictable. {@code count} is 0 for a rank that receives nothing
 * (non-root ranks of reduce and gather).
 */
record ExpectedOutput(long count, Expectation expectation) {

    static ExpectedOutput of(Collective collective, BufferPlan plan, int rank, int ranks, int root) {
        long base = plan.paramCount();
        return switch (collective) {
            case ALL_REDUCE -> new ExpectedOutput(plan.recvCount(), Expectation.reduction(0));
            case REDUCE -> rank == root ? new ExpectedOutput(plan.recvCount(), Expectation.reduction(0)) : nothing();
            case REDUCE_SCATTER -> new ExpectedOutput(base, Expectation.reduction(base * rank));
            case BROADCAST -> new ExpectedOutput(plan.recvCount(), Expectation.copyOf(root, 0));
            case ALL_GATHER, HYPERCUBE -> new ExpectedOutput(plan.recvCount(), Expectation.blocksFromEachRank(base, 0));
            case GATHER -> rank == root
                    ? new ExpectedOutput(plan.recvCount(), Expectation.blocksFromEachRank(base, 0)) : nothing();
            case ALLTOALL -> new ExpectedOutput(plan.recvCount(), Expectation.blocksFromEachRank(base, base * rank));
            case SCATTER -> new ExpectedOutput(base, Expectation.copyOf(root, base * rank));
            case SENDRECV -> new ExpectedOutput(plan.recvCount(), Expectation.copyOf((rank - 1 + ranks) % ranks, 0));
            case ALLTOALLV -> throw new IllegalArgumentException("alltoallv receives segments: see ReceivedSegments");
        };
    }

    private static ExpectedOutput nothing() {
        return new ExpectedOutput(0, Expectation.reduction(0));
    }
}
