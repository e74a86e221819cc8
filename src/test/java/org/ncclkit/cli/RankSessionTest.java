package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RankSessionTest {

    @Test
    void aRankBoundToOneCpuIsWarnedWithTheLauncherOptionThatUnbindsIt() {
        assertThat(RankSession.singleCpuWarning(1, 3)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("ncclkit: warning: rank 3 may use only 1 CPU").contains("--bind-to none", "--cpu-bind=none"));
    }

    @Test
    void aRankWithSeveralCpusIsNotWarned() {
        assertThat(RankSession.singleCpuWarning(2, 0)).isEmpty();
    }
}
