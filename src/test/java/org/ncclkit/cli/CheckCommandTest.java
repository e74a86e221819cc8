package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.check.CheckReport;
import org.ncclkit.check.CheckStep;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuPresent;

/** {@code ncclkit check} with no subcommand, without a GPU (all three steps on a GPU are in CheckGpuTest). */
class CheckCommandTest {
    @TempDir
    Path folder;

    @Test
    void aloneItSaysHowToRunItAsSeveralRanks() {
        InProcessCli cli = new InProcessCli();

        assertThat(cli.run("check")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("check needs at least 2 ranks; run it as: ncclkit run -np 2 check");
    }

    @Test
    void thePluginStepRunsFirstAndTheMissingGpuStopsTheNcclStepWithExitFive() {
        assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU: CheckGpuTest runs every step instead");
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no fixture plugin: gcc was missing when the test build ran");

        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "check", "--plugin",
                FixturePlugin.NEWEST.toString()), Duration.ofSeconds(90));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.NO_GPU);
        assertThat(run.out()).contains("# check plugin: " + FixturePlugin.NEWEST, "# check plugin passed: 224 messages");
        assertThat(run.err()).contains("libcuda.so.1 not found").doesNotContain("\tat ");
    }

    @Test
    void aCheckStoppedByTheMissingGpuIsRecordedOnceAsFailedWithThePluginStepThatPassed() {
        assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU: CheckGpuTest runs every step instead");
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no fixture plugin: gcc was missing when the test build ran");
        String store = folder.resolve("history.db").toString();

        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "check", "--plugin",
                FixturePlugin.NEWEST.toString(), "--history", store), Duration.ofSeconds(90));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.NO_GPU);
        InProcessCli cli = new InProcessCli();
        assertThat(cli.run("history", "list", "--history", store)).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("1 ").contains(" check ", " FAIL ").containsPattern("check FAILED: p2p \\(exit [58]\\)$");
        cli.clear();
        assertThat(cli.run("history", "show", "--history", store, "1")).isZero();
        assertThat(cli.out()).contains("Run          1 (check, check, FAILED)", "# ncclkit check summary")
                .containsPattern("#   plugin +PASS +Fixture .*: 224 messages")
                .containsPattern("#   p2p +FAIL +.*libcuda.so.1 not found")
                .contains("# check FAILED: p2p");
        cli.clear();
        assertThat(cli.run("history", "show", "--history", store, "--json", "1")).isZero();
        CheckReport document = CheckReport.read(cli.out());
        assertThat(document.schema()).isEqualTo("ncclkit.check/1");
        assertThat(document.steps()).extracting(CheckStep::name, CheckStep::outcome)
                .containsExactly(tuple("plugin", CheckStep.Outcome.PASS), tuple("p2p", CheckStep.Outcome.FAIL));
        assertThat(document.p2p()).isNull();
        assertThat(document.exitStatus()).isIn(ExitCodes.NO_GPU, ExitCodes.PEER_FAILED);
    }

    @Test
    void withThreeRanksOnOneNodeRankZeroTestsThePluginWithRankOne() {
        assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU: CheckGpuTest runs every step instead");
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no fixture plugin: gcc was missing when the test build ran");

        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "3", "check", "--plugin",
                FixturePlugin.NEWEST.toString()), Duration.ofSeconds(90));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.NO_GPU);
        assertThat(run.out()).contains("# check plugin: " + FixturePlugin.NEWEST + ", rank 0 with rank 1",
                "Successfully accepted connection from rank 1", "# check plugin passed: 224 messages");
    }

    @Test
    void withoutAPluginOnEitherRankThePluginStepIsSkippedAndTheNcclStepRuns() {
        assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU: CheckGpuTest runs every step instead");

        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "check", "--plugin", "/nonexistent/libnccl-net.so"),
                Duration.ofSeconds(90));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.NO_GPU);
        assertThat(run.out()).doesNotContain("# check plugin:");
        assertThat(run.err()).contains("libcuda.so.1 not found");
    }
}
