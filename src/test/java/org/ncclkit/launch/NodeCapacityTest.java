package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeCapacityTest {
    private static final long GIB = 1L << 30;

    @Test
    void memoryBindsOnASmallNodeAndTheRefusalNamesEveryLimit() {
        NodeCapacity node = new NodeCapacity(2 * GIB, 100_000, 16);

        assertThat(node.maxRanks()).isEqualTo(8);
        assertThat(node.refusal(8)).isNull();
        assertThat(node.refusal(9)).isEqualTo("9 ranks do not fit on this node, which can hold 8: 8 by memory (2.0 GiB "
                + "available, 256 MiB a rank), 256 by CPUs (16 CPUs, 16 ranks a CPU), 1562 by tasks (100000 threads left, 64 a "
                + "rank); use fewer ranks, or mpirun/slurm to spread them over nodes");
    }

    @Test
    void tasksAndCpusBindWhenMemoryIsPlentiful() {
        assertThat(new NodeCapacity(1024 * GIB, 640, 64).maxRanks()).isEqualTo(10);
        assertThat(new NodeCapacity(1024 * GIB, Long.MAX_VALUE, 2).maxRanks()).isEqualTo(32);
        assertThat(new NodeCapacity(1024 * GIB, Long.MAX_VALUE, 2).refusal(100_000)).contains("32 by CPUs (2 CPUs, 16 ranks a CPU), tasks not limited;");
    }

    @Test
    void thisNodeHoldsAtLeastOneRankAndNotAHundredThousand() {
        NodeCapacity here = NodeCapacity.ofThisNode();

        assertThat(here.maxRanks()).isBetween(1L, 99_999L);
    }
}
