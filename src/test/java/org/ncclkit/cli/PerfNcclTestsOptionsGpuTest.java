package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ncclkit.report.Json;
import org.ncclkit.testing.GpuTest;

import tools.jackson.databind.JsonNode;

/** nccl-tests 2.19.6's -R, -x, -p, -y, -V, alltoallv, -d all -o all and the memory cap, end to end on one GPU. */
@GpuTest
class PerfNcclTestsOptionsGpuTest {

    @ParameterizedTest
    @ValueSource(strings = {"-R 1", "-R 2", "-x 0", "-x 1", "-x 2", "-p 1", "-y 1", "-V 32", "-R 2 -x 1 -p 1 -y 1"})
    void communicatorOptionsRunAndCheckClean(String options) {
        List<String> args = new java.util.ArrayList<>(List.of("all_reduce", "-b", "8", "-e", "1M", "-f", "4", "-n", "3"));
        args.addAll(List.of(options.split(" ")));
        PerfRun run = PerfRun.perf(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("# Out of bounds values : 0 OK");
        assertThat(PerfRun.dataRows(run.out())).hasSize(9);
    }

    @Test
    void parallelInitSaysSoInTheHeaderAndTheJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("p.json");
        PerfRun run = PerfRun.perf("all_reduce", "-b", "1K", "-e", "1K", "-p", "1", "-J", json.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("# Writing JSON output to " + json + "\n")
                .contains("# Parallel Init Enabled: threads call into NcclInitRank concurrently \n");
        JsonNode document = Json.MAPPER.readTree(json.toFile());
        assertThat(document.at("/config/parallel_init").asString()).isEqualTo("true");
        assertThat(Files.readString(json)).contains("\"nwrong\":0.000000");
    }

    @Test
    void everyTypeAndOperationEndsWithExitZeroSkippingWhatNcclRefuses() {
        PerfRun run = PerfRun.perf("all_reduce", "-b", "1K", "-e", "4K", "-f", "4", "-n", "1", "-d", "all", "-o", "all");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        long skipped = run.out().lines().filter(l -> l.startsWith("# skipping ")).count();
        int types = run.out().contains("f8e4m3") ? 12 : 10; // fp8 only from compute capability 9.0
        // every type × 6 operations: two rows, or one skip line
        assertThat(PerfRun.dataRows(run.out()).size() + 2 * skipped).isEqualTo(types * 6 * 2);
        assertThat(run.out()).contains("# Out of bounds values : 0 OK").doesNotContain("# error:");
    }

    @Test
    void alltoallvRunsItsGeneratedPatternAndChecksClean() {
        PerfRun run = PerfRun.perf("alltoallv", "-b", "1K", "-e", "1M", "-f", "4", "-n", "3");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("# Out of bounds values : 0 OK");
        assertThat(PerfRun.dataRows(run.out())).hasSize(6);
    }

    @Test
    void aSizeBeyondGpuMemoryIsLoweredWithNcclTestsLine() {
        PerfRun run = PerfRun.perf("all_reduce", "-b", "1000G", "-e", "1000G", "-n", "1", "-w", "0");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("#\n# Reducing maxBytes to \\d+ due to memory limitation\n#\n");
        assertThat(PerfRun.dataRows(run.out())).hasSize(1);
    }

    @Test
    void cyclesRepeatTheSizesOfEachTypeBeforeTheNextType() {
        PerfRun run = PerfRun.perf("all_reduce", "-b", "8", "-e", "32", "-f", "4", "-n", "1", "-N", "2", "-d", "all");

        List<String> types = PerfRun.dataRows(run.out()).stream().map(r -> r.trim().split("\\s+")[2]).toList();
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(types.subList(0, 4)).containsOnly("int8");
        assertThat(types.get(4)).isEqualTo("uint8");
    }
}
