package org.ncclkit.bench;

import java.util.ArrayList;
import java.util.List;

import org.ncclkit.collective.AllToAllvPattern;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/**
 * What one rank's receive pointer must hold after one operation, region by region: how many elements from which
 * offset, and where each comes from — the rules that make every collective's result predictable. Non-root ranks of
 * reduce and gather receive nothing: their receive region must still hold the poison written before the check (and,
 * in place, their own input), so that a stray write there is caught.
 */
record ExpectedOutput(List<Region> regions) {

    /** {@code count} elements from element {@code offset} of the receive pointer. */
    record Region(long offset, long count, Expectation expectation) {
    }

    static ExpectedOutput of(Collective collective, BufferPlan plan, DataType type, int rank, int ranks, int root,
                            boolean inPlace) {
        long base = plan.paramCount();
        return switch (collective) {
            case ALL_REDUCE -> whole(plan.recvCount(), Expectation.reduction(0));
            case REDUCE -> rank == root ? whole(plan.recvCount(), Expectation.reduction(0))
                    : whole(plan.recvCount(), inPlace ? Expectation.copyOf(rank, 0) : Expectation.untouched());
            case REDUCE_SCATTER -> whole(base, Expectation.reduction(base * rank));
            case BROADCAST -> whole(plan.recvCount(), Expectation.copyOf(root, 0));
            case ALL_GATHER, HYPERCUBE -> whole(plan.recvCount(), Expectation.blocksFromEachRank(base, 0));
            case GATHER -> rank == root ? whole(plan.recvCount(), Expectation.blocksFromEachRank(base, 0))
                    : inPlace ? ownBlockAmidUntouched(base, rank, ranks) : whole(plan.recvCount(), Expectation.untouched());
            case ALLTOALL -> whole(plan.recvCount(), Expectation.blocksFromEachRank(base, base * rank));
            case SCATTER -> whole(base, Expectation.copyOf(root, base * rank));
            case SENDRECV -> whole(plan.recvCount(), Expectation.copyOf((rank - 1 + ranks) % ranks, 0));
            case ALLTOALLV -> alltoallv(plan, type, rank, ranks);
        };
    }

    /** Elements in all regions. */
    long count() {
        return regions.stream().mapToLong(Region::count).sum();
    }

    private static ExpectedOutput whole(long count, Expectation expectation) {
        return new ExpectedOutput(List.of(new Region(0, count, expectation)));
    }

    /**
     * alltoallv: one region per sending peer, packed in rank order, each a copy of the sender's data from where its
     * share for this rank begins ({@link AllToAllvPattern} decides the shares).
     */
    private static ExpectedOutput alltoallv(BufferPlan plan, DataType type, int rank, int ranks) {
        AllToAllvPattern pattern = AllToAllvPattern.active();
        long total = plan.paramCount() * ranks * type.bytes();
        List<Region> regions = new ArrayList<>();
        long offset = 0;
        for (int source = 0; source < ranks; source++) {
            long count = pattern.peerBytes(source, rank, ranks, total) / type.bytes();
            if (count == 0) {
                continue;
            }
            long sourceOffset = 0;
            for (int before = 0; before < rank; before++) {
                sourceOffset += pattern.peerBytes(source, before, ranks, total) / type.bytes();
            }
            regions.add(new Region(offset, count, Expectation.copyOf(source, sourceOffset)));
            offset += count;
        }
        return new ExpectedOutput(List.copyOf(regions));
    }

    /** In-place gather on a non-root rank: its send block sits at its own slot of the receive buffer. */
    private static ExpectedOutput ownBlockAmidUntouched(long base, int rank, int ranks) {
        return new ExpectedOutput(List.of(
                new Region(0, base * rank, Expectation.untouched()),
                new Region(base * rank, base, Expectation.copyOf(rank, 0)),
                new Region(base * (rank + 1), base * (ranks - rank - 1), Expectation.untouched())));
    }
}
