package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** How the ranks' exit statuses become the run's. */
class ExitOrderTest {
    private final StringWriter err = new StringWriter();

    private String report(ExitOrder exits) {
        exits.report(new PrintWriter(err, true));
        return err.toString();
    }

    @Test
    void aRunWhoseRanksAllSucceedExitsZeroAndSaysNothing() {
        ExitOrder exits = new ExitOrder(2);
        exits.record(1, 0);
        exits.record(0, 0);

        assertThat(exits.status()).isZero();
        assertThat(report(exits)).isEmpty();
        assertThat(exits.firstFailureMillisAgo()).isZero();
    }

    @Test
    void theRankThatFailedGivesTheStatusAndIsNamed() {
        ExitOrder exits = new ExitOrder(3);
        exits.record(2, 137);
        exits.record(0, 8);
        exits.record(1, 8);

        assertThat(exits.status()).isEqualTo(137);
        assertThat(report(exits)).isEqualTo("ncclkit: error: rank 2 failed (killed by signal 9)\n");
    }

    @Test
    void aRankThatStoppedBecauseAnotherFailedIsNotTheCauseEvenIfItEndedFirst() {
        ExitOrder exits = new ExitOrder(2);
        exits.record(0, RunMembership.PEER_FAILED_STATUS);
        exits.record(1, 3);

        assertThat(exits.status()).isEqualTo(3);
        assertThat(report(exits)).as("rank 1 exited, so it has said why itself").isEmpty();
    }

    @Test
    void ranksKilledAfterTheGracePeriodAreListed() {
        ExitOrder exits = new ExitOrder(3);
        exits.record(0, 3);
        exits.killed(2);
        exits.record(2, 137);
        exits.record(1, 8);

        assertThat(exits.status()).isEqualTo(3);
        assertThat(report(exits)).contains("rank 0 failed (exit status 3); killed ranks [2]");
    }

    @Test
    void aStoppedRankThatTheLauncherHadToKillMakesTheRunATimeoutNotADeathBySignal() {
        ExitOrder exits = new ExitOrder(4);
        exits.record(0, RunMembership.PEER_FAILED_STATUS);
        exits.record(1, RunMembership.PEER_FAILED_STATUS);
        exits.record(3, RunMembership.PEER_FAILED_STATUS);
        exits.killed(2);
        exits.record(2, 137);

        assertThat(exits.status()).isEqualTo(ExitOrder.STALLED_STATUS).isEqualTo(org.ncclkit.cli.ExitCodes.TIMEOUT);
        assertThat(report(exits)).isEqualTo("ncclkit: error: killed ranks [2] that did not stop within the grace period "
                + "(exit 4: rank 2 had stopped or hung)\n");
    }

    @Test
    void ranksThatExitedByThemselvesNeedNoExtraLine() {
        ExitOrder exits = new ExitOrder(2);
        exits.record(0, 7);
        exits.record(1, 7);

        assertThat(exits.status()).isEqualTo(7);
        assertThat(report(exits)).isEmpty();
    }
}
