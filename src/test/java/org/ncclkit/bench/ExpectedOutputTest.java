package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.bench.ExpectedOutput.Region;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/** Which elements each rank must receive, per collective, for 4 ranks and 1 MiB of floats (base = 65536 per rank). */
class ExpectedOutputTest {
    private static final int RANKS = 4;

    private static ExpectedOutput of(Collective collective, int rank, int root, boolean inPlace) {
        BufferPlan plan = collective.plan(1 << 20, DataType.FLOAT, RANKS);
        return ExpectedOutput.of(collective, plan, DataType.FLOAT, rank, RANKS, root, inPlace);
    }

    private static ExpectedOutput of(Collective collective, int rank, int root) {
        return of(collective, rank, root, false);
    }

    private static ExpectedOutput whole(long count, Expectation expectation) {
        return new ExpectedOutput(List.of(new Region(0, count, expectation)));
    }

    @Test
    void allReduceExpectsTheReductionOfEveryElement() {
        assertThat(of(Collective.ALL_REDUCE, 2, -1)).isEqualTo(whole(262144, Expectation.reduction(0)));
    }

    @Test
    void reduceScatterExpectsTheReductionOfThisRanksBlock() {
        assertThat(of(Collective.REDUCE_SCATTER, 3, -1)).isEqualTo(whole(65536, Expectation.reduction(3 * 65536)));
    }

    @Test
    void nonRootRanksOfRootedReductionsMustKeepThePoisonWhereNothingIsWritten() {
        assertThat(of(Collective.REDUCE, 1, 0)).isEqualTo(whole(262144, Expectation.untouched()));
        assertThat(of(Collective.GATHER, 1, 0)).isEqualTo(whole(262144, Expectation.untouched()));
        assertThat(of(Collective.GATHER, 0, 0)).isEqualTo(whole(262144, Expectation.blocksFromEachRank(65536, 0)));
    }

    @Test
    void inPlaceNonRootRanksKeepTheirOwnInputAndThePoisonAroundIt() {
        assertThat(of(Collective.REDUCE, 2, 0, true)).isEqualTo(whole(262144, Expectation.copyOf(2, 0)));
        assertThat(of(Collective.GATHER, 2, 0, true)).isEqualTo(new ExpectedOutput(List.of(
                new Region(0, 131072, Expectation.untouched()),
                new Region(131072, 65536, Expectation.copyOf(2, 0)),
                new Region(196608, 65536, Expectation.untouched()))));
        assertThat(of(Collective.GATHER, 3, 0, true).count()).isEqualTo(262144);
    }

    @Test
    void allToAllExpectsEachRanksBlockAddressedToThisRank() {
        assertThat(of(Collective.ALLTOALL, 2, -1)).isEqualTo(whole(262144, Expectation.blocksFromEachRank(65536, 2 * 65536)));
    }

    @Test
    void scatterAndBroadcastCopyFromTheRoot() {
        assertThat(of(Collective.SCATTER, 1, 3)).isEqualTo(whole(65536, Expectation.copyOf(3, 65536)));
        assertThat(of(Collective.BROADCAST, 1, 3)).isEqualTo(whole(262144, Expectation.copyOf(3, 0)));
    }

    @Test
    void sendRecvExpectsThePreviousRanksInputAroundTheRing() {
        assertThat(of(Collective.SENDRECV, 0, -1)).isEqualTo(whole(262144, Expectation.copyOf(3, 0)));
        assertThat(of(Collective.SENDRECV, 2, -1)).isEqualTo(whole(262144, Expectation.copyOf(1, 0)));
    }

    @Test
    void alltoallvRankOneReceivesEachSendersShareForItPackedInRankOrder() {
        BufferPlan plan = Collective.ALLTOALLV.plan(1024, DataType.FLOAT, 4); // 64 floats per peer

        ExpectedOutput expected = ExpectedOutput.of(Collective.ALLTOALLV, plan, DataType.FLOAT, 1, 4, 0, false);

        // shares by distance (to - from) mod 4 in floats: 0, 40, 84, 128; rank 1 gets nothing from itself, and its
        // share of sender s starts after s's shares for the ranks before 1 (rank 0: distance -s mod 4)
        assertThat(expected.regions()).containsExactly(
                new Region(0, 40, Expectation.copyOf(0, 0)),
                new Region(40, 128, Expectation.copyOf(2, 84)),
                new Region(168, 84, Expectation.copyOf(3, 40)));
    }
}
