package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuPresent;

/** {@code ncclkit check p2p}'s option rules and launch wiring, without a GPU (the measurement is in CheckP2pGpuTest). */
class CheckP2pCommandTest {
    private final InProcessCli cli = new InProcessCli();
    @TempDir
    Path folder;

    @Test
    void aloneItSaysHowToRunItAsSeveralRanks() {
        assertThat(cli.run("check", "p2p")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("check p2p needs at least 2 ranks; run it as: ncclkit run -np 2 check p2p, "
                + "or mpirun -np N ncclkit check p2p");
    }

    private static CheckP2pCommand.Settings settings(String... args) {
        CheckP2pCommand command = new CheckP2pCommand();
        new picocli.CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void jsonAlonePrintsToStandardOutputAndJsonFileWritesAFile() {
        assertThat(settings("--json")).extracting(s -> s.jsonOnStdout(), s -> s.jsonFile()).containsExactly(true, null);
        assertThat(settings("--json-file", "p2p.json")).extracting(s -> s.jsonOnStdout(), s -> s.jsonFile())
                .containsExactly(false, "p2p.json");
        assertThat(settings("-J", "p2p.json", "--json")).extracting(s -> s.jsonOnStdout(), s -> s.jsonFile())
                .containsExactly(true, "p2p.json");
        assertThat(settings()).extracting(s -> s.jsonOnStdout(), s -> s.jsonFile()).containsExactly(false, null);
    }

    @Test
    void theOldSpellingJsonFileStillWritesTheFile() {
        assertThat(settings("--json", "p2p.json", "--size", "16M")).extracting(s -> s.jsonOnStdout(), s -> s.jsonFile())
                .containsExactly(false, "p2p.json");
        assertThat(cli.run("check", "p2p", "--json", "a.json", "--json-file", "b.json")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--json a.json and --json-file b.json both name a file; give one");
    }

    @Test
    void aThresholdOutsideZeroToOneIsAUsageError() {
        assertThat(cli.run("check", "p2p", "--threshold", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("check", "p2p", "--threshold", "1.5")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--threshold must be more than 0 and at most 1, not 0.0",
                "--threshold must be more than 0 and at most 1, not 1.5");
    }

    @Test
    void aSizeThatIsNotWholeFloatsIsAUsageError() {
        assertThat(cli.run("check", "p2p", "--size", "10")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--size must be at least 8 bytes and a multiple of 4, not 10");
    }

    @Test
    void noTimedIterationIsAUsageError() {
        assertThat(cli.run("check", "p2p", "--iters", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--iters must be at least 1");
    }

    @Test
    void aTimeoutThatIsNotPositiveIsAUsageError() {
        assertThat(cli.run("check", "p2p", "--timeout", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("--timeout must be positive");
    }

    @Test
    void checkHelpNamesBothChecks() {
        assertThat(cli.run("check", "--help")).isZero();
        assertThat(cli.out()).contains("plugin", "p2p");
    }

    @Test
    void twoRanksWithoutAGpuStopWithExitFiveNamingTheMissingDriver() {
        assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU: CheckP2pGpuTest runs the check instead");

        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "check", "p2p"), Duration.ofSeconds(60));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.NO_GPU);
        assertThat(run.err()).contains("ncclkit: error: rank ").contains("libcuda.so.1 not found").doesNotContain("\tat ");
    }

    @Test
    void aCheckP2pStoppedByTheMissingGpuIsRecordedAsFailedAndItsTextfileSaysSo() throws Exception {
        assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU: CheckP2pGpuTest runs the check instead");
        String store = folder.resolve("history.db").toString();
        Path prom = folder.resolve("ncclkit.prom");

        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "check", "p2p", "--history", store,
                "--prom", prom.toString()), Duration.ofSeconds(60));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.NO_GPU);
        assertThat(cli.run("history", "list", "--history", store)).isZero();
        assertThat(cli.out().lines().toList()).hasSize(2).last().asString()
                .contains(" check ", " p2p ", " FAIL ").containsPattern("FAILED: .*libcuda.so.1 not found.* \\(exit [58]\\)$");
        cli.clear();
        assertThat(cli.run("history", "show", "--history", store, "1")).isZero();
        assertThat(cli.out()).contains("Report       none: the run ended before it had one");
        assertThat(Files.readString(prom)).containsPattern("(?m)^ncclkit_run_passed\\{collective=\"p2p\",host=\"[^\"]+\"\\} 0$")
                .doesNotContain("ncclkit_p2p_bandwidth");
    }
}
