package org.ncclkit.collective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** nccl-tests' count rounding, byte formulas and bus-bandwidth factors ({@code src/*.cu}, {@code doc/PERFORMANCE.md}). */
class CollectiveTest {
    private static final long MIB = 1L << 20;

    @Test
    void allReduceOfEightBytesOfFloatOnOneRankIsTwoElements() {
        BufferPlan plan = Collective.ALL_REDUCE.plan(8, DataType.FLOAT, 1);

        assertThat(plan).isEqualTo(new BufferPlan(2, 2, 2, 0, 0));
        assertThat(plan.sizeBytes(DataType.FLOAT)).isEqualTo(8);
    }

    @Test
    void allReduceDoesNotRoundToSixteenBytes() {
        assertThat(Collective.ALL_REDUCE.plan(12, DataType.FLOAT, 8)).isEqualTo(new BufferPlan(3, 3, 3, 0, 0));
    }

    @Test
    void allGatherSendsOneRankShareAndReceivesAllOfThem() {
        BufferPlan plan = Collective.ALL_GATHER.plan(MIB, DataType.FLOAT, 8);

        long base = (MIB / 4) / 8; // 32768 floats, already a 16-byte multiple
        assertThat(plan).isEqualTo(new BufferPlan(base, base * 8, base, base, 0));
        assertThat(plan.sizeBytes(DataType.FLOAT)).isEqualTo(MIB);
    }

    @Test
    void perRankCountIsRoundedDownToSixteenByteMultiples() {
        // 1000 B of float on 8 ranks: 250 / 8 = 31 elements, rounded down to 28 (112 bytes)
        BufferPlan floats = Collective.ALL_GATHER.plan(1000, DataType.FLOAT, 8);
        assertThat(floats.paramCount()).isEqualTo((250 / 8) & -(16 / 4)).isEqualTo(28);
        assertThat(floats.recvCount()).isEqualTo(28 * 8);
        assertThat(floats.sizeBytes(DataType.FLOAT)).isEqualTo(896);

        // doubles: 125 / 8 = 15, rounded to 14; int8: 1000 / 8 = 125, rounded to 112
        assertThat(Collective.ALL_GATHER.plan(1000, DataType.DOUBLE, 8).paramCount()).isEqualTo(14);
        assertThat(Collective.ALL_GATHER.plan(1000, DataType.INT8, 8).paramCount()).isEqualTo(112);
    }

    @Test
    void allGatherOfASizeSmallerThanSixteenBytesPerRankIsEmpty() {
        // nccl-tests prints size 0, count 0 on the first rows of all_gather_perf -b 8 with 8 GPUs
        BufferPlan plan = Collective.ALL_GATHER.plan(8, DataType.FLOAT, 8);

        assertThat(plan.paramCount()).isZero();
        assertThat(plan.sizeBytes(DataType.FLOAT)).isZero();
    }

    @Test
    void reduceScatterSendsAllSharesAndReceivesOne() {
        BufferPlan plan = Collective.REDUCE_SCATTER.plan(MIB, DataType.FLOAT, 8);

        long base = 32768;
        assertThat(plan).isEqualTo(new BufferPlan(base * 8, base, base, 0, base));
        assertThat(plan.sizeBytes(DataType.FLOAT)).isEqualTo(MIB);
        assertThat(Collective.REDUCE_SCATTER.plan(1000, DataType.INT8, 8).sendCount()).isEqualTo(112 * 8);
    }

    @Test
    void alltoallSendsAndReceivesAllSharesWithoutInPlaceOffsets() {
        BufferPlan plan = Collective.ALLTOALL.plan(MIB, DataType.FLOAT, 8);

        assertThat(plan).isEqualTo(new BufferPlan(32768 * 8, 32768 * 8, 32768, 0, 0));
        assertThat(Collective.ALLTOALL.plan(1000, DataType.FLOAT, 8).sendCount()).isEqualTo(28 * 8);
    }

    @Test
    void broadcastReduceAndSendrecvUseTheWholeCount() {
        for (Collective c : new Collective[] {Collective.BROADCAST, Collective.REDUCE, Collective.SENDRECV}) {
            assertThat(c.plan(MIB, DataType.HALF, 8)).as(c.label()).isEqualTo(new BufferPlan(MIB / 2, MIB / 2, MIB / 2, 0, 0));
        }
    }

    @Test
    void gatherIsShapedLikeAllGatherAndScatterLikeReduceScatter() {
        assertThat(Collective.GATHER.plan(1000, DataType.FLOAT, 8))
                .isEqualTo(Collective.ALL_GATHER.plan(1000, DataType.FLOAT, 8));
        assertThat(Collective.SCATTER.plan(1000, DataType.FLOAT, 8))
                .isEqualTo(Collective.REDUCE_SCATTER.plan(1000, DataType.FLOAT, 8));
    }

    @Test
    void busBandwidthFactorsAreThoseOfAFlatRing() {
        assertThat(Collective.ALL_REDUCE.busBandwidthFactor(8)).isCloseTo(2.0 * 7 / 8, within(1e-12));
        assertThat(Collective.ALL_REDUCE.busBandwidthFactor(1)).isZero();
        assertThat(Collective.ALL_GATHER.busBandwidthFactor(8)).isCloseTo(7.0 / 8, within(1e-12));
        assertThat(Collective.REDUCE_SCATTER.busBandwidthFactor(16)).isCloseTo(15.0 / 16, within(1e-12));
        assertThat(Collective.ALLTOALL.busBandwidthFactor(8)).isCloseTo(7.0 / 8, within(1e-12));
        assertThat(Collective.GATHER.busBandwidthFactor(4)).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(Collective.SCATTER.busBandwidthFactor(4)).isCloseTo(3.0 / 4, within(1e-12));
        for (Collective c : new Collective[] {Collective.BROADCAST, Collective.REDUCE, Collective.SENDRECV,
                Collective.HYPERCUBE}) {
            assertThat(c.busBandwidthFactor(8)).as(c.label()).isEqualTo(1.0);
        }
    }

    @Test
    void algorithmBytesFollowNcclTestsGetBw() {
        assertThat(Collective.ALL_REDUCE.algorithmBytes(1000, DataType.FLOAT, 8)).isEqualTo(4000.0);
        assertThat(Collective.ALL_GATHER.algorithmBytes(1000, DataType.FLOAT, 8)).isEqualTo(32000.0);
        assertThat(Collective.REDUCE_SCATTER.algorithmBytes(1000, DataType.FLOAT, 8)).isEqualTo(32000.0);
        assertThat(Collective.ALLTOALL.algorithmBytes(1000, DataType.FLOAT, 8)).isEqualTo(32000.0);
        assertThat(Collective.BROADCAST.algorithmBytes(1000, DataType.FLOAT, 8)).isEqualTo(4000.0);
        assertThat(Collective.HYPERCUBE.algorithmBytes(1000, DataType.FLOAT, 8)).isEqualTo(1000.0 * 4 * 7);
    }

    @Test
    void algorithmBytesOfAPlannedSizeMatchTheSizeColumn() {
        BufferPlan plan = Collective.ALL_GATHER.plan(MIB, DataType.BFLOAT16, 8);

        assertThat(Collective.ALL_GATHER.algorithmBytes(plan.paramCount(), DataType.BFLOAT16, 8))
                .isEqualTo((double) plan.sizeBytes(DataType.BFLOAT16));
    }

    @Test
    void byLabelAcceptsTheNcclTestsBinaryName() {
        assertThat(Collective.byLabel("all_reduce_perf")).contains(Collective.ALL_REDUCE);
        assertThat(Collective.byLabel("all_reduce")).contains(Collective.ALL_REDUCE);
        assertThat(Collective.byLabel("alltoall_perf")).contains(Collective.ALLTOALL);
        assertThat(Collective.byLabel("hypercube_perf")).contains(Collective.HYPERCUBE);
        assertThat(Collective.byLabel("allreduce")).isEmpty();
        assertThat(Collective.byLabel("_perf")).isEmpty();
    }

    @Test
    void reducingAndRootedCollectivesAreMarked() {
        assertThat(Collective.ALL_REDUCE.reduces()).isTrue();
        assertThat(Collective.ALL_GATHER.reduces()).isFalse();
        assertThat(Collective.BROADCAST.rooted()).isTrue();
        assertThat(Collective.ALL_REDUCE.rooted()).isFalse();
    }

    @Test
    void dataTypesAndOpsAreFoundByTheirNcclTestsNames() {
        assertThat(DataType.byLabel("bfloat16")).contains(DataType.BFLOAT16);
        assertThat(DataType.byLabel("float").orElseThrow().bytes()).isEqualTo(4);
        assertThat(DataType.byLabel("fp32")).isEmpty();
        assertThat(RedOp.byLabel("mulsum")).contains(RedOp.MULSUM);
        assertThat(RedOp.preMulSumScalar(0)).isEqualTo(1);
        assertThat(RedOp.preMulSumScalar(3)).isEqualTo(2);
    }

    @Test
    void inPlaceResultsAreCheckedExceptWhereNcclTestsPrintsNotApplicable() {
        assertThat(Arrays.stream(Collective.values()).filter(c -> !c.checksInPlace()))
                .containsExactlyInAnyOrder(Collective.SENDRECV, Collective.ALLTOALL, Collective.ALLTOALLV);
    }

    @Test
    void alltoallvOfTheDefaultPatternSendsTheBusiestRanksSharesAndCountsThePerPeerCount() {
        // 1 KiB of float on 4 ranks: 64 per peer, distance-weighted shares of 0, 160, 336 and 512 bytes
        BufferPlan plan = Collective.ALLTOALLV.plan(1024, DataType.FLOAT, 4);

        assertThat(plan).isEqualTo(new BufferPlan(252, 252, 64, 0, 0));
        assertThat(plan.sizeBytes(DataType.FLOAT)).isEqualTo(1008);
        assertThat(Collective.ALLTOALLV.algorithmBytes(64, DataType.FLOAT, 4)).isEqualTo(1008.0);
        assertThat(Collective.ALLTOALLV.busBandwidthFactor(4)).isEqualTo(0.75);
        assertThat(Collective.ALLTOALLV.tableRedop(RedOp.SUM)).isEqualTo("none");
        assertThat(Collective.ALLTOALLV.checksInPlace()).isFalse();
        assertThat(Collective.byLabel("alltoallv_perf")).contains(Collective.ALLTOALLV);
    }
}
