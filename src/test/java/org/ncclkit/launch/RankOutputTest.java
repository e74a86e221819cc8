package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which lines of the other ranks' standard output {@code ncclkit run} shows. */
class RankOutputTest {
    @Test
    void ncclWarningsAndErrorsAreShown() {
        assertThat(RankOutput.isWarning("vm:1234:1240 [0] NCCL WARN NET/Socket : peer 127.0.0.1<4321> closed")).isTrue();
        assertThat(RankOutput.isWarning("ncclkit: error: rank 1 (host vm, pid 7) died")).isTrue();
        assertThat(RankOutput.isWarning("Error: connection refused")).isTrue();
    }

    @Test
    void ordinaryInfoLinesAndTableRowsAreNot() {
        assertThat(RankOutput.isWarning("vm:1234:1240 [0] NCCL INFO Channel 00/0 : 0[0] -> 1[0] [send] via NET/Socket/0")).isFalse();
        assertThat(RankOutput.isWarning("        1024           256     float     sum      -1     9.69    0.11    0.00       0")).isFalse();
    }
}
