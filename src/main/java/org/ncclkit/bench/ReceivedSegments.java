package org.ncclkit.bench;

import java.util.ArrayList;
import java.util.List;

import org.ncclkit.collective.AllToAllvPattern;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/**
 * Where in a rank's receive buffer each part of its result lands: one segment at the start for every collective
 * but alltoallv, whose rank receives one segment per sending peer, packed in rank order, each a copy of the
 * sender's data from where its share for this rank begins.
 */
final class ReceivedSegments {
    private ReceivedSegments() {
    }

    /** One part of the result: {@code expected} starting {@code offsetElements} into the receive buffer. */
    record Segment(long offsetElements, ExpectedOutput expected) {
    }

    static List<Segment> of(Collective collective, BufferPlan plan, DataType type, int rank, int ranks, int root) {
        if (collective != Collective.ALLTOALLV) {
            return List.of(new Segment(0, ExpectedOutput.of(collective, plan, rank, ranks, root)));
        }
        AllToAllvPattern pattern = AllToAllvPattern.active();
        long total = plan.paramCount() * ranks * type.bytes();
        List<Segment> segments = new ArrayList<>();
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
            segments.add(new Segment(offset, new ExpectedOutput(count, Expectation.copyOf(source, sourceOffset))));
            offset += count;
        }
        return segments;
    }
}
