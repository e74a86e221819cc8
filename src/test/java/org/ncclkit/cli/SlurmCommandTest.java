package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.launch.EnvSetting;
import org.ncclkit.launch.SbatchScript;

import picocli.CommandLine;

/** {@code ncclkit slurm}: the script on stdout or in a file, the defaults, and the refused options with their exit codes. */
class SlurmCommandTest {
    @TempDir
    Path dir;

    private final InProcessCli cli = new InProcessCli();
    private SlurmCommand command;
    private String launcher;

    @BeforeEach
    void bundle() throws IOException {
        Path home = dir.resolve("ncclkit-0.1.0");
        Path bin = Files.createDirectories(home.resolve("bin")).resolve("ncclkit");
        Files.writeString(bin, "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher = bin.toString();
        command = new SlurmCommand();
        command.environment = Map.of("NCCLKIT_HOME", home.toString());
        command.efaPresent = () -> true;
    }

    private int run(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        commandLine.getCommandSpec().removeSubcommand("slurm"); // the registered one, for this node's injected facts
        commandLine.addSubcommand(command);
        String[] all = new String[args.length + 1];
        all[0] = "slurm";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.run(commandLine, all);
    }

    private static final List<String> PERF = List.of("perf", "all_reduce", "-b", "8", "-e", "1G", "-f", "2", "-g", "1",
            "-c", "1", "-n", "100");

    @Test
    void printsTheScriptForTheGivenNodesGpusAndEnvironment() {
        int status = run("--nodes", "4", "--gpus-per-node", "8", "--partition", "p5", "--time", "01:00:00",
                "--job-name", "allreduce", "--env", "FI_EFA_TX_MIN_CREDITS=64", "--", "perf", "all_reduce", "-b", "8",
                "-e", "1G", "-f", "2", "-g", "1", "-c", "1", "-n", "100");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo(SbatchScript.render(new SbatchScript.Request(4, 8, Optional.of("p5"),
                Optional.of("01:00:00"), "allreduce", true, List.of(EnvSetting.parse("FI_EFA_TX_MIN_CREDITS=64")), launcher, PERF)));
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void defaultsAreTwoNodesOfEightGpusNamedNcclkitAndOptionsAfterTheSubcommandAreItsOwn() {
        command.efaPresent = () -> false;

        int status = run("perf", "all_reduce", "-b", "8", "-e", "1G", "-f", "2", "-g", "1", "-c", "1", "-n", "100");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo(SbatchScript.render(new SbatchScript.Request(2, 8, Optional.empty(),
                Optional.empty(), "ncclkit", false, List.of(), launcher, PERF)));
    }

    @Test
    void noEfaLeavesTheProviderOut() {
        assertThat(run("--no-efa", "--", "info")).isZero();
        assertThat(cli.out()).doesNotContain("FI_PROVIDER").contains("export NCCL_DEBUG=INFO");
    }

    @Test
    void outputFileGetsTheScriptAndTheCommandSaysHowToSubmitIt() throws Exception {
        Path file = dir.resolve("allreduce.sbatch");

        int status = run("-o", file.toString(), "--", "perf", "all_reduce");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("Wrote " + file + " (2 nodes x 8 GPUs). Submit it with: sbatch " + file + "\n");
        assertThat(Files.readString(file)).startsWith("#!/bin/bash\n").endsWith(launcher + " perf all_reduce\n");
        Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        assertThat(new String(bash.getInputStream().readAllBytes())).isEmpty();
        assertThat(bash.waitFor()).isZero();
    }

    @Test
    void anOutputFileInAMissingFolderIsAUsageError() {
        Path file = dir.resolve("no/such/job.sbatch");

        assertThat(run("-o", file.toString(), "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: -o " + file + ": folder " + file.getParent()
                + " does not exist");
    }

    @Test
    void directivesWithSpacesAndNestedLaunchersAreUsageErrors() {
        assertThat(run("--partition", "p5 p4", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--nodes", "0", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--", "slurm", "--nodes", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly(
                "ncclkit: error: --partition 'p5 p4' must be one word without spaces or quotes",
                "ncclkit: error: --nodes and --gpus-per-node must be at least 1",
                "ncclkit: error: each rank runs an ncclkit command such as 'perf all_reduce'; 'slurm' would launch launchers");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void withoutNcclkitHomeItSaysToRunFromTheBundle() {
        command.environment = Map.of();

        assertThat(run("--", "info")).isEqualTo(ExitCodes.INTERNAL);
        assertThat(cli.err()).startsWith("ncclkit: error: NCCLKIT_HOME is not set");
    }

    @Test
    void withoutASubcommandItIsAUsageError() {
        assertThat(run("--nodes", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).startsWith("ncclkit: Missing required parameter: 'SUBCOMMAND'");
    }
}
