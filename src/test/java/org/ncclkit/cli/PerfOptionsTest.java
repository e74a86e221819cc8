package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ncclkit.bench.CommunicatorSetup;
import org.ncclkit.bench.PerfConfig;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;

import picocli.CommandLine;

/** {@code perf}'s options: nccl-tests' letters and defaults, and the combinations refused with exit 6. */
class PerfOptionsTest {
    private final InProcessCli cli = new InProcessCli();

    private static PerfConfig config(String... args) {
        PerfCommand command = new PerfCommand();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.parseArgs(args);
        return command.toConfig();
    }

    @Test
    void defaultsAreNcclTestsDefaults() {
        PerfConfig c = config("all_reduce");
        assertThat(c.collective()).isEqualTo(Collective.ALL_REDUCE);
        assertThat(c.minBytes()).isEqualTo(32L << 20);
        assertThat(c.maxBytes()).isEqualTo(32L << 20);
        assertThat(c.iterations()).isEqualTo(20);
        assertThat(c.warmupIterations()).isEqualTo(1);
        assertThat(c.checkIterations()).isEqualTo(1);
        assertThat(c.average()).isEqualTo(1);
        assertThat(c.ops()).containsExactly(RedOp.SUM);
        assertThat(c.types()).containsExactly(DataType.FLOAT);
        assertThat(c.cudaGraph()).isFalse();
    }

    @Test
    void jsonFileIsAnotherSpellingOfNcclTestsJ() {
        assertThat(config("all_reduce", "--json-file", "r.json").jsonFile()).isEqualTo("r.json");
        assertThat(config("all_reduce", "-J", "r.json").jsonFile()).isEqualTo("r.json");
        assertThat(config("all_reduce", "--output_file", "r.json").jsonFile()).isEqualTo("r.json");
    }

    @Test
    void theSeedsCommandLineParses() {
        PerfConfig c = config("all_reduce_perf", "-b", "8", "-e", "1G", "-f", "2", "-g", "1", "-c", "1", "-n", "100");
        assertThat(c.minBytes()).isEqualTo(8);
        assertThat(c.maxBytes()).isEqualTo(1L << 30);
        assertThat(c.sizes()).hasSize(28);
        assertThat(c.iterations()).isEqualTo(100);
    }

    @Test
    void longNamesAndAllSelectionsWork() {
        PerfConfig c = config("reduce", "--minbytes", "1K", "--maxbytes", "4K", "--op", "all", "--datatype", "all",
                "--root", "-1", "--cudagraph", "5");
        assertThat(c.ops()).containsExactly(RedOp.values());
        assertThat(c.types()).containsExactly(DataType.values());
        assertThat(c.root()).isEqualTo(-1);
        assertThat(c.cudaGraph()).isTrue();
        assertThat(c.cudaGraphLaunches()).isEqualTo(5);
    }

    @Test
    void aRepeatedOptionTakesItsLastValueLikeGetopt() {
        assertThat(config("all_reduce", "-b", "8", "-e", "1G", "-e", "1M").maxBytes()).isEqualTo(1L << 20);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "all_reducee|unknown collective 'all_reducee'",
            "all_reduce -d float33|invalid type 'float33'",
            "all_reduce -o sump|invalid op 'sump'",
            "all_reduce -b 2G -e 1G|invalid sizes for 'minbytes' and 'maxbytes': 2147483648 > 1073741824",
            "all_reduce -G 2 -I 1|-I cannot be combined with -G",
            "all_reduce -G 2 -z 1|-z cannot be combined with -G",
            "all_reduce -K 2|-K needs -I 1",
            "all_reduce -a 4|-a takes 0, 1, 2 or 3",
            "all_reduce -z 4|-z takes 0, 1, 2 or 3",
            "all_reduce -J out.txt|-J needs a file name ending in .json",
            "all_reduce --json-strict|--json-strict applies to -J output",
            "all_reduce -g 0|-t and -g must be at least 1",
            "all_reduce -n 0|-n must be at least 1",
            "all_reduce -R 3|-R takes 0, 1 or 2",
            "all_reduce -D 1|-D 1: nccl-tests' device-API kernels are CUDA C++ built against NCCL's device headers"})
    void impossibleCombinationsAreRefusedWithOneLine(String args, String message) {
        assertThatThrownBy(() -> config(args.split(" "))).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }

    @Test
    void aBadOptionExitsSixWithOneLineAndNoStackTrace() {
        assertThat(cli.run("perf", "all_reduce", "-d", "nope")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .startsWith("ncclkit: error: invalid type 'nope'");
    }

    @Test
    void aSizeThatIsNotANumberIsAUsageError() {
        assertThat(cli.run("perf", "all_reduce", "-b", "lots")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("'lots' is not a size");
    }

    @Test
    void aMonitorFileThatIsNeitherJsonLinesNorCsvIsRefusedBeforeTheRun() {
        assertThat(cli.run("perf", "all_reduce", "--monitor", "gpus.txt")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .isEqualTo("ncclkit: error: --monitor gpus.txt: name it .jsonl (JSON lines) or .csv");
    }

    @Test
    void anUnknownExpectedNetworkIsRefusedBeforeTheRun() {
        assertThat(cli.run("perf", "all_reduce", "--expect", "nvlink")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines().toList()).singleElement().asString()
                .isEqualTo("ncclkit: error: --expect must be one of efa, ib, socket, auto, not 'nvlink'");
    }

    @Test
    void ncclTestsCommunicatorOptionsParse() {
        PerfConfig c = config("all_reduce", "-R", "2", "-x", "1", "-p", "1", "-y", "1", "-D", "0");

        assertThat(c.setup()).isEqualTo(new CommunicatorSetup(2, 1, true, true, 16));
        assertThat(config("all_reduce").setup()).isEqualTo(CommunicatorSetup.DEFAULT);
        assertThat(config("all_reduce", "--cta_policy", "-1").setup().ctaPolicy())
                .isEqualTo(CommunicatorSetup.UNSET_CTA_POLICY);
    }

    @Test
    void dashCapitalVIsTheDeviceCtaCountNotTheVersion() {
        PerfCommand command = new PerfCommand();
        new CommandLine(command).parseArgs("all_reduce", "-V", "16");

        assertThat(command.deviceCtaCount).isEqualTo(16);
        assertThat(command.versionRequested).isFalse();
    }

    @Test
    void dashDashVersionStillPrintsTheVersion() {
        assertThat(cli.run("perf", "--version")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).startsWith("ncclkit ");
    }

    @Test
    void sizeLiteralsWithAUnitWordParseAsInNcclTests() {
        PerfConfig c = config("all_reduce", "-b", "1MB", "-e", "1GB");

        assertThat(c.minBytes()).isEqualTo(1L << 20);
        assertThat(c.maxBytes()).isEqualTo(1L << 30);
    }
}
