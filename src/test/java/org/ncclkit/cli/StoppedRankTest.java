package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A rank stopped with SIGSTOP in the middle of a run: four real processes under {@code ncclkit run}, meeting at a
 * rendezvous barrier every second ({@code selftest --hold}), no GPU. The other ranks must end within the timeout + 10 s,
 * one message must name the stopped rank, and no process may be left.
 */
class StoppedRankTest {
    /** "#      2      2  host                    4711": rank 0's table of who runs where. */
    private static final Pattern TABLE_ROW = Pattern.compile("^#\\s+(\\d+)\\s+\\d+\\s+\\S+\\s+(\\d+)$");

    @Test
    void aStoppedRankIsNamedByTheRendezvousViewWhenMinusTRunsOut() throws Exception {
        List<String> lines = stopRankTwo(3, "-T", "3", "--peer-timeout", "60");

        assertThat(StoppedRun.errorLines(lines)).as(String.join("\n", lines)).singleElement().satisfies(error -> assertThat(error)
                .containsPattern("ncclkit: error: Test timeout \\(3s\\): no progress for 3 s during --hold \\(barrier \\d+ of 60\\);"
                        + " waiting for rank 2 \\(host \\S+, pid \\d+\\), which has not reached operation #\\d+ \\(barrier\\)(?: and is behind"
                        + " \\(step \\d+ of the run, the others at \\d+\\))? and has sent nothing, not even a heartbeat, for \\d+\\.\\d s \\(stopped or hung\\?\\); NCCL RAS not asked: "));
    }

    @Test
    void aStoppedRankIsNamedByItsMissingHeartbeatsWhenThePeerTimeoutComesFirst() throws Exception {
        List<String> lines = stopRankTwo(3, "--peer-timeout", "3");

        assertThat(StoppedRun.errorLines(lines)).as(String.join("\n", lines)).singleElement().satisfies(error -> assertThat(error)
                .matches("ncclkit: error: rank 2 \\(host \\S+, pid \\d+\\) went silent: no heartbeat for 3 s; stopping the run"));
    }

    @Test
    void aRankLeftStoppedIsKilledByTheLauncherAndTheRunEndsAsATimeoutNamingIt() throws Exception {
        StoppedRun.Ended run = StoppedRun.stopOneRankForGood(List.of("run", "-np", "4", "selftest", "--hold", "60",
                "--peer-timeout", "3"), "# selftest passed"::equals, TABLE_ROW, 4, 2, 13);

        String all = String.join("\n", run.lines());
        assertThat(run.status()).as(all).isEqualTo(ExitCodes.TIMEOUT);
        List<String> errors = StoppedRun.errorLines(run.lines());
        assertThat(errors).as(all).hasSize(2);
        assertThat(errors.getFirst())
                .matches("ncclkit: error: rank 2 \\(host \\S+, pid \\d+\\) went silent: no heartbeat for 3 s; stopping the run");
        assertThat(errors.getLast()).isEqualTo(
                "ncclkit: error: killed ranks [2] that did not stop within the grace period (exit 4: rank 2 had stopped or hung)");
    }

    private static List<String> stopRankTwo(int timeoutSeconds, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-np", "4", "selftest", "--hold", "60"));
        args.addAll(List.of(options));
        return StoppedRun.stopOneRank(args, "# selftest passed"::equals, TABLE_ROW, 4, 2, timeoutSeconds + 10);
    }
}
