package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/** Which elements each rank must receive, per collective, for 4 ranks and 1 MiB of floats (base = 65536 per rank). */
class ExpectedOutputTest {
    private static final int RANKS = 4;

    private static ExpectedOutput of(Collective collective, int rank, int root) {
        BufferPlan plan = collective.plan(1 << 20, DataType.FLOAT, RANKS);
        return ExpectedOutput.of(collective, plan, rank, RANKS, root);
    }

    @Test
    void allReduceExpectsTheReductionOfEveryElement() {
        assertThat(of(Collective.ALL_REDUCE, 2, -1)).isEqualTo(new ExpectedOutput(262144, Expectation.reduction(0)));
    }

    @Test
    void reduceScatterExpectsTheReductionOfThisRanksBlock() {
        assertThat(of(Collective.REDUCE_SCATTER, 3, -1)).isEqualTo(new ExpectedOutput(65536, Expectation.reduction(3 * 65536)));
    }

    @Test
    void rootedCollectivesCheckNothingOnOtherRanks() {
        assertThat(of(Collective.REDUCE, 1, 0).count()).isZero();
        assertThat(of(Collective.GATHER, 1, 0).count()).isZero();
        assertThat(of(Collective.GATHER, 0, 0)).isEqualTo(new ExpectedOutput(262144, Expectation.blocksFromEachRank(65536, 0)));
    }

    @Test
    void allToAllExpectsEachRanksBlockAddressedToThisRank() {
        assertThat(of(Collective.ALLTOALL, 2, -1)).isEqualTo(new ExpectedOutput(262144, Expectation.blocksFromEachRank(65536, 2 * 65536)));
    }

    @Test
    void scatterAndBroadcastCopyFromTheRoot() {
        assertThat(of(Collective.SCATTER, 1, 3)).isEqualTo(new ExpectedOutput(65536, Expectation.copyOf(3, 65536)));
        assertThat(of(Collective.BROADCAST, 1, 3)).isEqualTo(new ExpectedOutput(262144, Expectation.copyOf(3, 0)));
    }

    @Test
    void sendRecvExpectsThePreviousRanksInputAroundTheRing() {
        assertThat(of(Collective.SENDRECV, 0, -1).expectation()).isEqualTo(Expectation.copyOf(3, 0));
        assertThat(of(Collective.SENDRECV, 2, -1).expectation()).isEqualTo(Expectation.copyOf(1, 0));
    }
}
