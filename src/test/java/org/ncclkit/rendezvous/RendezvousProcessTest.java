package org.ncclkit.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real processes, one per rank, on loopback: a normal run, and a rank killed with SIGKILL in the middle of one. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RendezvousProcessTest {

    @Test
    void twoProcessesExchangeDataAndExitCleanly() throws Exception {
        runToTheEnd(2);
    }

    @Test
    void eightProcessesExchangeDataAndExitCleanly() throws Exception {
        runToTheEnd(8);
    }

    @Test
    void killingOneOfEightProcessesMakesEveryOtherExitWithinTenSecondsNamingIt() throws Exception {
        try (ProbeProcesses run = new ProbeProcesses(8, "kill-test")) {
            run.awaitAllReady();
            // Half of the survivors wait inside a barrier (the pending operation fails), the rest are idle (the
            // abort callback fires).
            for (int rank : new int[] {0, 2, 4, 6}) {
                run.rank(rank).send("barrier");
            }
            Thread.sleep(300);
            ProbeProcesses.Rank victim = run.rank(3);
            long killedAt = System.nanoTime();
            victim.process.destroyForcibly();

            for (ProbeProcesses.Rank r : run.ranks) {
                if (r == victim) {
                    continue;
                }
                long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - killedAt);
                assertThat(r.process.waitFor(left, TimeUnit.NANOSECONDS))
                        .as("rank %d exited within 10 s of the kill; stderr: %s", r.rank, r.stderr()).isTrue();
                assertThat(r.process.exitValue()).as("rank %d's exit status", r.rank)
                        .isEqualTo(RendezvousProbe.ABORTED);
                assertThat(r.stderr().lines().toList()).as("rank %d's stderr", r.rank).containsExactly(
                        "ncclkit: error: rank 3 (host probe-host-3, pid " + victim.process.pid()
                                + ") died: connection lost");
            }
        }
    }

    @Test
    void killingRankZeroMakesTheOtherExitNamingTheLostServer() throws Exception {
        try (ProbeProcesses run = new ProbeProcesses(2, "kill-zero-test")) {
            run.awaitAllReady();
            ProbeProcesses.Rank zero = run.rank(0);
            ProbeProcesses.Rank one = run.rank(1);
            one.send("barrier");
            Thread.sleep(200);
            zero.process.destroyForcibly();

            assertThat(one.process.waitFor(10, TimeUnit.SECONDS)).as("rank 1 exited; stderr: %s", one.stderr())
                    .isTrue();
            assertThat(one.process.exitValue()).isEqualTo(RendezvousProbe.ABORTED);
            assertThat(one.stderr().lines().toList()).containsExactly("ncclkit: error: rank 0 (host "
                    + org.ncclkit.info.Hostname.get() + ", pid " + zero.process.pid()
                    + ") died: lost the rendezvous server at localhost:" + run.port
                    + " (rank 0's host): connection lost");
        }
    }

    private static void runToTheEnd(int worldSize) throws Exception {
        try (ProbeProcesses run = new ProbeProcesses(worldSize, "clean-run-" + worldSize)) {
            run.awaitAllReady();
            for (ProbeProcesses.Rank r : run.ranks) {
                r.send("barrier");
            }
            for (ProbeProcesses.Rank r : run.ranks) {
                assertThat(r.awaitLine(Duration.ofSeconds(20))).isEqualTo("barrier done");
            }
            for (ProbeProcesses.Rank r : run.ranks) {
                r.send("exit");
            }
            for (ProbeProcesses.Rank r : run.ranks) {
                assertThat(r.process.waitFor(20, TimeUnit.SECONDS)).as("rank %d exited", r.rank).isTrue();
                assertThat(r.process.exitValue()).as("rank %d's exit status; stderr: %s", r.rank, r.stderr())
                        .isZero();
                assertThat(r.stderr()).as("rank %d's stderr", r.rank).isEmpty();
            }
        }
    }
}
