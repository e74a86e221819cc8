package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.ncclkit.bench.StepTrace;
import org.ncclkit.testing.ChildProcess;

/** {@code ncclkit run} with real child processes running the CPU-only {@code selftest}: no GPU, no MPI. */
class RunCommandTest {
    private final InProcessCli cli = new InProcessCli();

    @Test
    void fourRanksMeetBroadcastGatherAndOnlyRankZeroPrints() {
        int status = cli.run("run", "-np", "4", "selftest");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).contains("# ncclkit selftest: 4 ranks launched by torchrun", "identical on every rank",
                "# all-reduce of the ranks: 6 (expected 6)", "# selftest passed");
        assertThat(cli.out().lines().filter(l -> l.matches("#\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\d+"))).hasSize(4);
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void withTheStepTraceEveryRankSaysOnStandardErrorWhenEachStepBeganSinceItStarted() {
        List<String> command = new java.util.ArrayList<>(List.of("env", StepTrace.VARIABLE + "=1"));
        command.addAll(ChildProcess.ncclkit("run", "-np", "2", "selftest"));
        ChildProcess run = ChildProcess.run(command, Duration.ofSeconds(90));

        assertThat(run.status()).as(run.err()).isZero();
        List<Long> millis = run.err().lines().filter(l -> l.contains("ncclkit: trace: ") && l.endsWith(
                        "ms the checks (broadcast, all-gather, barrier, gather, all-reduce)"))
                .map(l -> Long.parseLong(l.replaceFirst(".*ncclkit: trace: +(\\d+) ms .*", "$1"))).toList();
        assertThat(millis).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive().isLessThan(60_000));
        assertThat(run.out()).doesNotContain("trace").contains("# selftest passed");
    }

    @Test
    void simulatedNodesNumberTheirProcessesFromZeroAsSeparateHostsWould() {
        int status = cli.run("run", "-np", "4", "--simulate-nodes", "2", "selftest");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out().lines().filter(l -> l.matches("#\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\d+"))
                .map(l -> l.trim().split("\\s+")[2])).containsExactly("0", "1", "0", "1");
    }

    @Test
    void aKilledRankStopsTheOthersWithinTenSecondsAndIsNamed() {
        long start = System.nanoTime();
        int status = cli.run("run", "-np", "3", "selftest", "--kill-rank", "1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(status).isEqualTo(137);
        assertThat(took).isLessThan(Duration.ofSeconds(25)); // three JVM start-ups on two cores, plus at most 10 s to stop
        assertThat(cli.err()).containsPattern("(?m)^ncclkit: error: rank 1 \\(host \\S+, pid \\d+\\) died: .*; stopping the run$")
                .contains("ncclkit: error: rank 1 failed (killed by signal 9)")
                .doesNotContain("[rank 2] ncclkit: error"); // one report of the failure, not one per surviving rank
        assertThat(cli.err()).doesNotContain("\tat ");
    }

    @Test
    void aFailingRankTellsTheOthersWhy() {
        int status = cli.run("run", "-np", "2", "selftest", "--fail-rank", "1");

        assertThat(status).isEqualTo(ExitCodes.INTERNAL); // the failed rank's own status, not rank 0's 8
        assertThat(cli.err().lines()).as("the failure is reported once, by the rank that failed").singleElement(as(STRING))
                .startsWith("[rank 1] ncclkit: error: rank 1 (host ").endsWith("): simulated failure (--fail-rank 1)");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(cli.run("run", "-np", "2", "nosuch")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("'nosuch' is not an ncclkit command");
    }

    /** Before the bound, -np 100000 started JVMs until the kernel's OOM killer came. */
    @Test
    void aHundredThousandRanksAreRefusedAtOnceWithoutStartingAny() {
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "100000", "selftest", "--hold", "60"),
                Duration.ofSeconds(30));

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("ncclkit: error: -np 100000: 100000 ranks do not fit on this node, which can hold ")
                .contains("by memory", "by CPUs", "tasks");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aKillRankOutsideTheRunIsRefusedBeforeAnyRankStarts() {
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "4", "selftest", "--kill-rank", "7"),
                Duration.ofSeconds(30));

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("ncclkit: error: the ranks' command 'selftest --kill-rank 7': --kill-rank 7: this run "
                + "has 4 ranks, 0 to 3; nothing was launched\n");
        assertThat(run.out()).doesNotContain("selftest passed");
    }

    @Test
    void simulatedNodesMustDivideTheRanks() {
        assertThat(cli.run("run", "-np", "4", "--simulate-nodes", "3", "selftest")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--simulate-nodes 3 must divide the number of ranks (4)");
    }

    @Test
    void selftestWithoutALauncherSaysHowToRunIt() {
        assertThat(cli.run("selftest")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("ncclkit run -np 2 selftest");
    }

    @Test
    void interruptingTheLauncherStopsEveryRank() throws Exception {
        Process launcher = new ProcessBuilder(ChildProcess.ncclkit("run", "-np", "2", "selftest", "--hold", "120"))
                .redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(launcher.getInputStream())).lines()) {
            assertThat(lines.filter(l -> l.contains("selftest passed")).findFirst()).isPresent();
            List<ProcessHandle> ranks = launcher.descendants().toList();
            assertThat(ranks).hasSizeGreaterThanOrEqualTo(2);

            new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid())).start().waitFor(); // what Ctrl-C sends

            assertThat(launcher.waitFor(15, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            assertThat(ranks).allSatisfy(rank -> assertThat(rank.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse());
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }
}
