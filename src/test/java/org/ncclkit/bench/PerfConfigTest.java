package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;

class PerfConfigTest {
    private static final long MIB = 1L << 20;

    /** nccl-tests' defaults except for the sweep. */
    private static PerfConfig sweep(long minBytes, long maxBytes, long stepBytes, long stepFactor) {
        return new PerfConfig(Collective.ALL_REDUCE, 1, 1, minBytes, maxBytes, stepBytes, stepFactor, 20, 1, 1, 1, 1,
                List.of(RedOp.SUM), List.of(DataType.FLOAT), 0, 1, 0, false, 0, false, false, 1, false, 0, false, 0,
                null, false, null);
    }

    @Test
    void factorTwoFromEightBytesTo128MibGivesTwentyFiveSizes() {
        List<Long> sizes = sweep(8, 128 * MIB, MIB, 2).sizes();

        assertThat(sizes).hasSize(25);
        assertThat(sizes.getFirst()).isEqualTo(8);
        assertThat(sizes.get(1)).isEqualTo(16);
        assertThat(sizes.getLast()).isEqualTo(128 * MIB);
    }

    @Test
    void factorStopsBeforePassingTheMaximum() {
        assertThat(sweep(8, 100, 0, 2).sizes()).containsExactly(8L, 16L, 32L, 64L);
    }

    @Test
    void withoutAFactorTheSizeGrowsByTheStep() {
        assertThat(sweep(MIB, 4 * MIB, MIB, 1).sizes()).containsExactly(MIB, 2 * MIB, 3 * MIB, 4 * MIB);
        assertThat(sweep(1000, 3500, 1000, 0).sizes()).containsExactly(1000L, 2000L, 3000L);
    }

    @Test
    void factorWinsOverStep() {
        assertThat(sweep(1024, 8192, 1, 4).sizes()).containsExactly(1024L, 4096L);
    }

    @Test
    void equalMinimumAndMaximumGiveOneSize() {
        assertThat(sweep(128 * MIB, 128 * MIB, MIB, 2).sizes()).containsExactly(128 * MIB);
        assertThat(sweep(8, 8, 0, 1).sizes()).containsExactly(8L);
    }

    @Test
    void zeroStepEndsAfterTheFirstSizeInsteadOfLoopingForever() {
        assertThat(sweep(8, 1024, 0, 1).sizes()).containsExactly(8L);
    }

    @Test
    void overflowEndsTheSweep() {
        long big = 1L << 62;

        assertThat(sweep(big, Long.MAX_VALUE, 0, 2).sizes()).containsExactly(big);
    }

    @Test
    void minimumAboveMaximumGivesNoSizes() {
        assertThat(sweep(1024, 8, 0, 2).sizes()).isEmpty();
    }

    @Test
    void localRanksAreThreadsTimesGpusPerThread() {
        PerfConfig config = new PerfConfig(Collective.ALL_REDUCE, 2, 4, 8, 8, 0, 2, 20, 1, 1, 1, 1,
                List.of(RedOp.SUM), List.of(DataType.FLOAT), 0, 1, 0, false, 0, false, false, 1, false, 0, false, 0,
                null, false, null);

        assertThat(config.localRanks()).isEqualTo(8);
    }
}
