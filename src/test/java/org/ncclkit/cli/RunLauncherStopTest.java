package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.RunningProcess;

/**
 * Fault 4 of issue 14: a scheduler stops {@code ncclkit run} by signalling the launcher's PID alone, while its ranks are
 * still starting. No rank may outlive it by more than 5 s (they used to wait out the 60 s connect timeout), not even
 * when the launcher is killed outright.
 */
class RunLauncherStopTest {
    private static final int RANKS = 12;

    /** The rank JVMs of this run anywhere on the machine, found by a number only this run's command lines hold. */
    private static List<ProcessHandle> ranksOf(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> List.of(args).contains("selftest") && List.of(args).contains(marker)).orElse(false)).toList();
    }

    private static void stopWhileRanksStart(String signal) throws Exception {
        String marker = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 1_000_000));
        try (RunningProcess launcher = RunningProcess.start(ChildProcess.ncclkit("run", "-np", Integer.toString(RANKS),
                "selftest", "--hold", "120", "--sync-timeout", marker), Map.of())) {
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ranksOf(marker).size() < 2 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(ranksOf(marker)).as("ranks started").hasSizeGreaterThanOrEqualTo(2);

            new ProcessBuilder("kill", "-" + signal, Long.toString(launcher.pid())).inheritIO().start().waitFor();
            long signalled = System.nanoTime();

            assertThat(launcher.awaitExit(Duration.ofSeconds(10))).as("the launcher ends").isTrue();
            List<ProcessHandle> left = ranksOf(marker);
            while (!left.isEmpty() && System.nanoTime() - signalled < Duration.ofSeconds(5).toNanos()) {
                Thread.sleep(50);
                left = ranksOf(marker);
            }
            System.out.printf("[fault 4] SIG%s: launcher exit %d, ranks gone %.1f s after the signal%n", signal,
                    launcher.status(), (System.nanoTime() - signalled) / 1e9);
            assertThat(left).as("rank JVMs alive 5 s after SIG" + signal + " to the launcher:\n"
                    + RunningProcess.describe(left)).isEmpty();
            assertThat(launcher.status()).isEqualTo(128 + switch (signal) {
                case "TERM" -> 15;
                case "INT" -> 2;
                default -> 9;
            });
        } finally {
            ranksOf(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void sigtermToTheLauncherAloneWhileRanksStartLeavesNoRankAfterFiveSeconds() throws Exception {
        stopWhileRanksStart("TERM");
    }

    @Test
    void sigintToTheLauncherAloneWhileRanksStartLeavesNoRankAfterFiveSeconds() throws Exception {
        stopWhileRanksStart("INT");
    }

    @Test
    void sigkillToTheLauncherEndsItsRanksThroughTheParentDeathSignal() throws Exception {
        stopWhileRanksStart("KILL");
    }
}
