package org.ncclkit.bench;

import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/**
 * Where a rank's inputs go and which part of its receive buffer a check reads, with what it must hold: the rules
 * that make each collective's result predictable. Offsets and counts are in elements; {@code outputCount} is 0 for
 * a rank that receives nothing (non-root ranks of reduce and gather).
 */
record CheckRegion(long inputOffset, long outputOffset, long outputCount, Expectation expectation) {

    /** The region rank {@code rank} fills and checks around one operation. */
    static CheckRegion of(Collective collective, BufferPlan plan, boolean inPlace, int rank, int ranks, int root) {
        long base = plan.paramCount();
        long input = inPlace ? plan.sendInPlaceOffset() * rank : 0;
        long output = inPlace ? plan.recvInPlaceOffset() * rank : 0;
        return switch (collective) {
            case ALL_REDUCE -> new CheckRegion(input, output, plan.recvCount(), Expectation.reduction(0));
            case REDUCE -> rank == root
                    ? new CheckRegion(input, output, plan.recvCount(), Expectation.reduction(0))
                    : nothing(input, output);
            case REDUCE_SCATTER -> new CheckRegion(input, output, base, Expectation.reduction(base * rank));
            case BROADCAST -> new CheckRegion(input, output, plan.recvCount(), Expectation.copyOf(root, 0));
            case ALL_GATHER, HYPERCUBE -> new CheckRegion(input, output, plan.recvCount(),
                    Expectation.blocksFromEachRank(base, 0));
            case GATHER -> rank == root
                    ? new CheckRegion(input, output, plan.recvCount(), Expectation.blocksFromEachRank(base, 0))
                    : nothing(input, output);
            case ALLTOALL -> new CheckRegion(input, output, plan.recvCount(),
                    Expectation.blocksFromEachRank(base, base * rank));
            case SCATTER -> new CheckRegion(input, output, base, Expectation.copyOf(root, base * rank));
            case SENDRECV -> new CheckRegion(input, output, plan.recvCount(),
                    Expectation.copyOf((rank - 1 + ranks) % ranks, 0));
        };
    }

    private static CheckRegion nothing(long input, long output) {
        return new CheckRegion(input, output, 0, Expectation.reduction(0));
    }
}
