package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.ncclkit.ffi.UniqueId;

/** Which communicator, rank and GPU each process gets, with and without nccl-tests' split and device variables. */
class WorldPlacementTest {

    /** The view of one process of a run, for placement only: no operation crosses processes. */
    private record Member(int rank, int size) implements ProcessGroup {
        public UniqueId shareUniqueId(Supplier<UniqueId> makeOnRankZero) { throw new UnsupportedOperationException(); }
        public void barrier() { }
        public double combine(int mode, double local) { return local; }
        public long sum(long local) { return local; }
        public List<String> gatherToRankZero(String mine) { return List.of(mine); }
        public List<String> allGather(String mine) { return List.of(mine); }
    }

    @Test
    void withoutSplitEveryRankJoinsOneCommunicator() {
        WorldPlacement p = WorldPlacement.of(new Member(3, 4), 1, 2, null, null, null);

        assertThat(p.worldSize()).isEqualTo(8);
        assertThat(p.firstRank()).isEqualTo(6);
        assertThat(p.firstWorldRank()).isEqualTo(6);
        assertThat(p.firstDevice()).isEqualTo(2); // second process of its node, 2 GPUs each
        assertThat(p.split(2)).isFalse();
    }

    @Test
    void splitAndSevenOnSixteenProcessesGivesCommunicatorsOfTwoAcrossNodes() {
        WorldPlacement p = WorldPlacement.of(new Member(13, 16), 5, 1, null, null, "AND 0x7");

        assertThat(p.color()).isEqualTo(5);
        assertThat(p.worldSize()).isEqualTo(2);
        assertThat(p.firstRank()).isEqualTo(1); // process 5 is rank 0 of group 5, process 13 rank 1
        assertThat(p.firstWorldRank()).isEqualTo(13);
        assertThat(p.leaderProcess()).isEqualTo(5);
        assertThat(p.split(1)).isTrue();
    }

    @Test
    void ncclTestsDeviceIsTheAbsoluteFirstGpuNotAnOffset() {
        assertThat(WorldPlacement.of(new Member(1, 2), 1, 2, "4", null, null).firstDevice()).isEqualTo(4);
        assertThat(WorldPlacement.of(new Member(1, 2), 1, 2, "3x", null, null).firstDevice()).isEqualTo(3);
        assertThat(WorldPlacement.of(new Member(1, 2), 1, 2, "", null, null).firstDevice()).isZero(); // atoi("")
    }
}
