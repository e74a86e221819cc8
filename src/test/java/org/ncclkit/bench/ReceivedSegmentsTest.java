package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/** Where each part of a rank's result lands: alltoallv's packed segments, one segment for the rest. */
class ReceivedSegmentsTest {

    @Test
    void alltoallvRankOneReceivesEachSendersShareForItPackedInRankOrder() {
        BufferPlan plan = Collective.ALLTOALLV.plan(1024, DataType.FLOAT, 4); // 64 floats per peer

        List<ReceivedSegments.Segment> segments = ReceivedSegments.of(Collective.ALLTOALLV, plan, DataType.FLOAT, 1, 4, 0);

        // shares by distance (to - from) mod 4 in floats: 0, 40, 84, 128; rank 1 gets nothing from itself, and its
        // share of sender s starts after s's shares for the ranks before 1 (rank 0: distance -s mod 4)
        assertThat(segments).containsExactly(
                new ReceivedSegments.Segment(0, new ExpectedOutput(40, Expectation.copyOf(0, 0))),
                new ReceivedSegments.Segment(40, new ExpectedOutput(128, Expectation.copyOf(2, 84))),
                new ReceivedSegments.Segment(168, new ExpectedOutput(84, Expectation.copyOf(3, 40))));
    }

    @Test
    void otherCollectivesReceiveOneSegmentAtTheStart() {
        BufferPlan plan = Collective.ALL_GATHER.plan(1024, DataType.FLOAT, 4);

        assertThat(ReceivedSegments.of(Collective.ALL_GATHER, plan, DataType.FLOAT, 1, 4, 0)).containsExactly(
                new ReceivedSegments.Segment(0, ExpectedOutput.of(Collective.ALL_GATHER, plan, 1, 4, 0)));
    }
}
