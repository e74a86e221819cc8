package org.ncclkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ncclkit.bench.DeviceLine;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.PerIterationStats;
import org.ncclkit.bench.ResultRow;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class NcclTestsJsonTest {
    private static final Map<String, String> ENV = Map.of("NCCL_DEBUG", "INFO", "FI_PROVIDER", "efa");

    @Test
    void documentHasNcclTestsKeysInNcclTestsOrder() {
        JsonNode json = NcclTestsJson.document(new Runs().report(), ENV);

        assertThat(json.propertyNames()).containsExactly("version", "start_time", "args", "env", "nccl_version",
                "config", "results", "out_of_bounds", "average_bus_bandwidth", "errors", "end_time");
        assertThat(json.get("config").propertyNames()).containsExactly("nthreads", "ngpus", "minimum_bytes",
                "maximum_bytes", "step_factor", "warmup_iters", "iterations", "aggregated_iterations", "validation",
                "graph", "blocking_collectives", "per_iter_timing", "per_iter_skip", "parallel_init", "devices");
        assertThat(json.at("/config/devices/0").propertyNames()).containsExactly("rank", "group", "pid", "hostname",
                "device", "device_hex", "device_info");
        assertThat(json.at("/results/0").propertyNames()).containsExactly("size", "count", "type", "redop", "root",
                "out_of_place", "in_place", "actual_iterations", "experiment_name");
        assertThat(json.at("/results/0/in_place").propertyNames()).containsExactly("time", "alg_bw", "bus_bw", "nwrong");
    }

    @Test
    void secretsKeepTheirNamesButNotTheirValuesAndSlashesAreEscapedAsNcclTestsDoes() {
        Map<String, String> env = Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI", "NCCLKIT_RUN_TOKEN", "9f3c",
                "HF_TOKEN", "hf_abc", "DB_PASSWORD", "pw", "OPENAI_API_KEY", "sk-1", "NCCL_SOCKET_IFNAME", "eth0",
                "LD_LIBRARY_PATH", "/opt/nccl/lib", "KEYBOARD", "us");

        String json = NcclTestsJson.render(new Runs().report(), env);

        assertThat(json).contains("\"env\":[\"AWS_SECRET_ACCESS_KEY=(redacted)\",\"DB_PASSWORD=(redacted)\","
                + "\"HF_TOKEN=(redacted)\",\"KEYBOARD=us\",\"LD_LIBRARY_PATH=\\/opt\\/nccl\\/lib\",\"NCCLKIT_RUN_TOKEN=(redacted)\","
                + "\"NCCL_SOCKET_IFNAME=eth0\",\"OPENAI_API_KEY=(redacted)\"]");
        assertThat(json).doesNotContain("wJalrXUtnFEMI", "9f3c", "hf_abc", "sk-1");
    }

    @Test
    void renderWritesTheValuesAsOneLine() {
        String json = NcclTestsJson.render(new Runs().report(), ENV);

        assertThat(json).doesNotContain("\n").startsWith("{\"version\":3,\"start_time\":\"2026-07-10 12:00:00\","
                + "\"args\":[\"ncclkit\",\"perf\",\"all_reduce\",\"-J\",\"r.json\"],"
                + "\"env\":[\"FI_PROVIDER=efa\",\"NCCL_DEBUG=INFO\"],\"nccl_version\":22809,");
        assertThat(json).contains("\"devices\":[{\"rank\":0,\"group\":0,\"pid\":12345,\"hostname\":\"nodeA-01\","
                        + "\"device\":0,\"device_hex\":\"0000:53:00\",\"device_info\":\"NVIDIA H100 80GB HBM3\"}]}")
                .contains("\"results\":[{\"size\":8,\"count\":2,\"type\":\"float\",\"redop\":\"sum\",\"root\":\"    -1\","
                        + "\"out_of_place\":{\"time\":19.900000,\"alg_bw\":0.000402,\"bus_bw\":0.000704,\"nwrong\":0.000000},")
                .endsWith("\"actual_iterations\":20,\"experiment_name\":\"\"}],"
                        + "\"out_of_bounds\":{\"count\":0,\"okay\":\"true\"},"
                        + "\"average_bus_bandwidth\":{\"bandwidth\":0.000721,\"okay\":\"unchecked\"},"
                        + "\"errors\":[\"\"],\"end_time\":\"2026-07-10 12:00:01\"}");
    }

    @Test
    void booleansAreStringsLikeNcclTestsByDefault() {
        Runs run = new Runs();
        run.blocking = 3;

        JsonNode json = NcclTestsJson.document(run.report(), ENV);

        assertThat(json.at("/config/blocking_collectives").isString()).isTrue();
        assertThat(json.at("/config/blocking_collectives").asString()).isEqualTo("true");
        assertThat(json.at("/config/per_iter_timing").asString()).isEqualTo("false");
        assertThat(json.at("/out_of_bounds/okay").asString()).isEqualTo("true");
    }

    @Test
    void booleansAreJsonBooleansWhenStrict() {
        Runs run = new Runs();
        run.jsonStrict = true;
        run.minBusBandwidth = 1;

        JsonNode json = NcclTestsJson.document(run.report(), ENV);

        assertThat(json.at("/config/blocking_collectives").isBoolean()).isTrue();
        assertThat(json.at("/config/parallel_init").booleanValue()).isFalse();
        assertThat(json.at("/out_of_bounds/okay").booleanValue()).isTrue();
        assertThat(json.at("/average_bus_bandwidth/okay").booleanValue()).isFalse();
    }

    @Test
    void bandwidthVerdictIsUncheckedWithoutAMinimumElseTheStringVerdict() {
        Runs run = new Runs();
        assertThat(NcclTestsJson.document(run.report(), ENV).at("/average_bus_bandwidth/okay").asString())
                .isEqualTo("unchecked");

        run.minBusBandwidth = 0.0005;
        assertThat(NcclTestsJson.document(run.report(), ENV).at("/average_bus_bandwidth/okay").asString())
                .isEqualTo("true");
    }

    @Test
    void nwrongIsNullWhenDataWasNotChecked() {
        Runs run = new Runs();
        run.rows = List.of(new ResultRow(8, 2, "float", "sum", -1, new Measurement(20, 1, 1, null, null),
                new Measurement(20, 1, 1, 7L, null), 20, null));

        JsonNode json = NcclTestsJson.document(run.report(), ENV);

        assertThat(json.at("/results/0/out_of_place/nwrong").isNull()).isTrue();
        assertThat(json.at("/results/0/in_place/nwrong").doubleValue()).isEqualTo(7.0);
    }

    @Test
    void notANumberIsTheStringNanByDefaultAndNullWhenStrict() {
        Runs run = new Runs();
        run.rows = List.of(new ResultRow(8, 2, "float", "sum", -1, new Measurement(Double.NaN, 1, 1, 0L, null),
                new Measurement(20, 1, 1, 0L, null), 20, null));
        assertThat(NcclTestsJson.document(run.report(), ENV).at("/results/0/out_of_place/time").asString())
                .isEqualTo("nan");

        run.jsonStrict = true;
        assertThat(NcclTestsJson.document(run.report(), ENV).at("/results/0/out_of_place/time").isNull()).isTrue();
    }

    @Test
    void stepBytesReplacesStepFactorWhenSizesGrowByAddition() {
        Runs run = new Runs();
        run.stepFactor = 1;

        JsonNode config = NcclTestsJson.document(run.report(), ENV).get("config");

        assertThat(config.has("step_factor")).isFalse();
        assertThat(config.get("step_bytes").longValue()).isEqualTo(1048576);
    }

    @Test
    void cpuTimeRenamesTheTimeKeyAndPerIterationStatsFollowTheirPlacement() {
        Runs run = new Runs();
        run.reportCpuTime = true;
        PerIterationStats stats = PerIterationStats.of(List.of(30.0, 20.0, 21.0, 22.0), 1);
        run.rows = List.of(new ResultRow(8, 2, "float", "sum", -1, new Measurement(21, 1, 1, 0L, stats),
                new Measurement(20, 1, 1, 0L, stats), 20, null));

        JsonNode result = NcclTestsJson.document(run.report(), ENV).at("/results/0");

        assertThat(result.propertyNames()).containsExactly("size", "count", "type", "redop", "root", "out_of_place",
                "out_of_place_per_iter", "in_place", "in_place_per_iter", "actual_iterations", "experiment_name");
        assertThat(result.get("out_of_place").propertyNames()).containsExactly("cpu_time", "alg_bw", "bus_bw",
                "nwrong");
        JsonNode perIter = result.get("in_place_per_iter");
        assertThat(perIter.propertyNames()).containsExactly("skipped_iterations", "min_us", "max_us", "avg_us",
                "p50_us", "p95_us", "p99_us", "stdev_us", "cv_pct", "times_us");
        assertThat(perIter.get("skipped_iterations").intValue()).isEqualTo(1);
        assertThat(perIter.get("min_us").doubleValue()).isEqualTo(20.0);
        assertThat(perIter.get("times_us")).hasSize(4);
    }

    @Test
    void renderedTextIsJsonThatReadsBackToTheSameValues() {
        String rendered = NcclTestsJson.render(new Runs().report(), ENV);

        JsonNode parsed = JsonMapper.shared().readTree(rendered);

        assertThat(parsed.propertyNames()).containsExactlyElementsOf(
                NcclTestsJson.document(new Runs().report(), ENV).propertyNames());
        assertThat(parsed.at("/results/0/out_of_place/time").doubleValue()).isEqualTo(19.9);
        assertThat(parsed.at("/average_bus_bandwidth/bandwidth").doubleValue()).isEqualTo(0.000721);
    }

    @Test
    void numbersHaveSixDecimalsAsCPrintfLfWritesThem() {
        Runs run = new Runs();
        run.rows = List.of(new ResultRow(8, 2, "float", "sum", -1, new Measurement(51406.123456789, 1234.5, 2.675e-7,
                0L, null), new Measurement(0.0000005, 0, 0, null, null), 20, null));

        String rendered = NcclTestsJson.render(run.report(), ENV);

        assertThat(rendered).contains("\"out_of_place\":{\"time\":51406.123457,\"alg_bw\":1234.500000,"
                + "\"bus_bw\":0.000000,\"nwrong\":0.000000}")
                // glibc rounds the binary value of 5e-7 (just below) half to even: 0.000000
                .contains("\"in_place\":{\"time\":0.000000,\"alg_bw\":0.000000,\"bus_bw\":0.000000,\"nwrong\":null}");
    }

    @Test
    void devicesHoldTheFirstDeviceOfEachProcessAsNcclTestsParsesThem() {
        Runs run = new Runs();
        run.gpusPerThread = 2;
        run.devices = List.of(Runs.DEVICE, new DeviceLine(1, 0, 12345, "nodeA-01", 1, "00000000:54:00.0", "NVIDIA H100"),
                new DeviceLine(2, 0, 777, "nodeB", 0, "00000000:53:00.0", "NVIDIA H100"),
                new DeviceLine(3, 0, 777, "nodeB", 1, "00000000:54:00.0", "NVIDIA H100"));

        JsonNode devices = NcclTestsJson.document(run.report(), ENV).at("/config/devices");

        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).get("rank").intValue()).isZero();
        assertThat(devices.get(1).get("rank").intValue()).isEqualTo(2);
        assertThat(devices.get(1).get("pid").intValue()).isEqualTo(777);
    }

    @Test
    void perIterationBlocksCarryEveryProcesssRowWithSeveralProcesses() {
        Runs run = new Runs();
        run.perIterationTiming = true;
        PerIterationStats stats = PerIterationStats.of(List.of(3.0, 2.5), 0, List.of(List.of(1.0, 2.5), List.of(3.0, 2.0)));
        run.rows = List.of(new ResultRow(8, 2, "float", "sum", -1, new Measurement(1, 1, 1, 0L, stats),
                new Measurement(1, 1, 1, 0L, stats), 20, null));

        String rendered = NcclTestsJson.render(run.report(), ENV);

        assertThat(rendered).contains("\"times_us\":[3.000000,2.500000],"
                + "\"per_process_max_times_us\":[[1.000000,2.500000],[3.000000,2.000000]]}");
    }

    @Test
    void aRunWithoutRowsAveragesToNanAsNcclTestsWritesIt() {
        Runs run = new Runs();
        run.rows = List.of();

        assertThat(NcclTestsJson.document(run.report(), ENV).at("/average_bus_bandwidth/bandwidth").asString())
                .isEqualTo("nan");
    }

    @ParameterizedTest
    @ValueSource(strings = {"r.json", "R.JSON", "results.Json", ".json"})
    void acceptsNamesEndingInJsonInAnyCase(String name) {
        assertThat(NcclTestsJson.acceptsFileName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"r.txt", "json", "r.json.bak", "r.jsonl", ""})
    void refusesOtherNames(String name) {
        assertThat(NcclTestsJson.acceptsFileName(name)).isFalse();
    }

    @Test
    void writeCreatesTheRequestedFile(@TempDir Path dir) throws IOException {
        Path written = NcclTestsJson.write(dir.resolve("r.json"), new Runs().report(), ENV);

        assertThat(written).isEqualTo(dir.resolve("r.json"));
        assertThat(Files.readString(written)).isEqualTo(NcclTestsJson.render(new Runs().report(), ENV));
    }

    @Test
    void writeNeverOverwritesButNumbersTheNextFreeName(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("r.json"), "earlier run");
        Files.writeString(dir.resolve("r.json.0"), "earlier run");

        Path written = NcclTestsJson.write(dir.resolve("r.json"), new Runs().report(), ENV);

        assertThat(written).isEqualTo(dir.resolve("r.json.1"));
        assertThat(Files.readString(dir.resolve("r.json"))).isEqualTo("earlier run");
        assertThat(Files.readString(dir.resolve("r.json.0"))).isEqualTo("earlier run");
    }

    @Test
    void writeRefusesANameThatIsNotJson(@TempDir Path dir) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NcclTestsJson.write(dir.resolve("r.txt"), new Runs().report(), ENV))
                .withMessageContaining("r.txt");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void theFileIsClaimedEmptyBeforeTheRunAndFilledAfterIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("r.json"), "an earlier run");

        Path claimed = NcclTestsJson.reserve(dir.resolve("r.json"));
        assertThat(claimed).isEqualTo(dir.resolve("r.json.0"));
        assertThat(Files.readString(claimed)).isEmpty();

        NcclTestsJson.writeTo(claimed, NcclTestsJson.render(new Runs().report(), ENV));
        assertThat(Files.readString(claimed)).isEqualTo(NcclTestsJson.render(new Runs().report(), ENV));
        assertThat(Files.readString(dir.resolve("r.json"))).isEqualTo("an earlier run");
    }

    @Test
    void aFileThatCannotBeCreatedIsAnIoErrorNotANewName(@TempDir Path dir) {
        assertThatThrownBy(() -> NcclTestsJson.reserve(dir.resolve("missing").resolve("r.json")))
                .isInstanceOf(IOException.class);
    }
}
