package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuTest;

/** {@code ncclkit check}: plugin, p2p and the log verdict on 2 ranks as 2 simulated nodes of one GPU, with one summary. */
@GpuTest
class CheckGpuTest {

    private static ChildProcess check(String... environment) {
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no fixture plugin: gcc was missing when the test build ran");
        List<String> command = new ArrayList<>(List.of("env"));
        command.addAll(List.of(environment));
        command.addAll(ChildProcess.ncclkit("run", "-np", "2", "--simulate-nodes", "2", "check", "--plugin",
                FixturePlugin.NEWEST.toString()));
        return ChildProcess.run(command, Duration.ofSeconds(180));
    }

    @Test
    void everyStepPassesAndTheSummaryNamesThem() {
        ChildProcess run = check("FIXTURE_NET_CUDA=1");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("# check plugin passed: ", "# check p2p passed: 1 pair", "# ncclkit check summary")
                .containsPattern("#   plugin  PASS     Fixture \\(.*libnccl-net-fixture.so, v12\\): 448 messages")
                .containsPattern("#   log     PASS     NCCL \\S+ log: PASS: NCCL used NET/Socket")
                .endsWith("# check passed\n");
    }

    @Test
    void aCorruptingPluginFailsTheCheckWithExitSevenAndTheOtherStepsStillRun() {
        ChildProcess run = check("FIXTURE_NET_FAULT=corrupt");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
        assertThat(run.out()).contains("#   plugin  FAIL", "#   p2p     PASS").endsWith("# check FAILED: plugin\n");
    }
}
