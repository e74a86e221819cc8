package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.NativeException;
import org.ncclkit.report.Json;
import org.ncclkit.testing.GpuPresent;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** Runs the real command line in this JVM; this build machine has no NVIDIA driver, so {@code info} finds no GPU. */
class MainTest {
    private static final String NO_DRIVER = "no NVIDIA driver (libcuda.so.1 not found)";

    private final InProcessCli cli = new InProcessCli();

    private static void assertNoStackTrace(String text) {
        assertThat(text).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void infoWithoutDriverExitsNoGpuAndSaysWhy() {
        Assumptions.assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU; NativeBindingsGpuTest covers it");
        int status = cli.run("info");

        assertThat(status).isEqualTo(ExitCodes.NO_GPU).isEqualTo(5);
        assertThat(cli.out().lines()).contains("GPUs          " + NO_DRIVER);
        assertThat(cli.out().lines()).anySatisfy(line -> assertThat(line).startsWith("Host          "));
        assertThat(cli.out()).contains("libcuda.so.1 not found (searched: NCCLKIT_CUDA (unset)");
        assertNoStackTrace(cli.out());
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void infoJsonWithoutDriverExitsNoGpuAndReportsTheProblem() {
        Assumptions.assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU; NativeBindingsGpuTest covers it");
        int status = cli.run("info", "--json");

        assertThat(status).isEqualTo(ExitCodes.NO_GPU);
        JsonNode json = Json.MAPPER.readTree(cli.out());
        assertThat(json.get("gpu_problem").asString()).isEqualTo(NO_DRIVER);
        assertThat(json.get("gpus").isEmpty()).isTrue();
        assertThat(json.get("libraries").values()).extracting(l -> l.get("name").asString())
                .containsExactly("CUDA driver", "NVML", "NCCL", "libfabric");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void unknownOptionExitsUsageWithOneErrorLineAndAHint() {
        int status = cli.run("--no-such-option");

        assertThat(status).isEqualTo(ExitCodes.USAGE).isEqualTo(6);
        List<String> lines = cli.err().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("ncclkit: Unknown option: '--no-such-option'");
        assertThat(lines.get(1)).isEqualTo("Try 'ncclkit --help'.");
        assertNoStackTrace(cli.err());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void unknownOptionOfASubcommandPointsAtThatSubcommandsHelp() {
        int status = cli.run("info", "--bogus");

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly("ncclkit: Unknown option: '--bogus'",
                "Try 'ncclkit info --help'.");
    }

    @Test
    void versionPrintsTheProgramNameAndExitsZero() {
        int status = cli.run("--version");

        assertThat(status).isZero();
        assertThat(cli.out().strip()).matches("ncclkit \\S.*");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void helpListsTheInfoSubcommand() {
        int status = cli.run("--help");

        assertThat(status).isZero();
        assertThat(cli.out()).contains("Usage: ncclkit").contains("info");
    }

    @Test
    void noSubcommandPrintsUsageToTheCommandLinesOutput() {
        int status = cli.run();

        assertThat(status).isZero();
        assertThat(cli.out()).contains("Usage: ncclkit").contains("info");
    }

    @Test
    void nativeFailureInsideACommandBecomesOneLineAndItsExitCode() {
        CommandLine commandLine = Main.newCommandLine().addSubcommand("fail", new Failing(
                new NativeException("NCCL", "ncclCommInitRank", 5, "invalid usage (run with NCCL_DEBUG=WARN for details)")));

        int status = cli.run(commandLine, "fail");

        assertThat(status).isEqualTo(ExitCodes.NCCL_ERROR);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: NCCL ncclCommInitRank failed with code 5: "
                + "invalid usage (run with NCCL_DEBUG=WARN for details)");
    }

    @Test
    void missingLibraryInsideACommandBecomesOneLineAndItsExitCode() {
        CommandLine commandLine = Main.newCommandLine().addSubcommand("fail", new Failing(
                new LibraryNotFoundException(LibrarySpec.CUDA, List.of("NCCLKIT_CUDA (unset)", "ldconfig cache"))));

        int status = cli.run(commandLine, "fail");

        assertThat(status).isEqualTo(ExitCodes.NO_GPU);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: libcuda.so.1 not found "
                + "(searched: NCCLKIT_CUDA (unset), ldconfig cache); set NCCLKIT_CUDA to its path");
    }

    @Test
    void exitCodesFollowTheFailure() {
        assertThat(Main.exitCodeFor(new LibraryNotFoundException(LibrarySpec.NCCL, List.of()))).isEqualTo(3);
        assertThat(Main.exitCodeFor(new LibraryNotFoundException(LibrarySpec.CUDA, List.of()))).isEqualTo(5);
        assertThat(Main.exitCodeFor(new NativeException("CUDA", "cuInit", 100, "no CUDA-capable device"))).isEqualTo(2);
        assertThat(Main.exitCodeFor(new NativeException("NCCL", "ncclAllReduce", 3, "internal error"))).isEqualTo(3);
        assertThat(Main.exitCodeFor(new UsageException("-g 0 is not a GPU count"))).isEqualTo(6);
    }

    @Test
    void unexpectedFailuresAreInternalErrors() {
        assertThat(Main.exitCodeFor(new IllegalStateException("bug"))).isEqualTo(ExitCodes.INTERNAL);
        assertThat(Main.exitCodeFor(new LibraryNotFoundException(LibrarySpec.NVML, List.of())))
                .isEqualTo(ExitCodes.INTERNAL);
    }

    /** A subcommand that fails the way real commands can. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }
}
