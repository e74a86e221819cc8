package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.expected.ExpectedBandwidth;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.report.Json;
import org.ncclkit.testing.RecordedNodes;

import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code ncclkit expected}: option rules, exit codes, the JSON schema, and this node's own hardware. */
class ExpectedCommandTest {
    private record Run(int status, String out, String err) {
    }

    private Run expected(NodeInfo node, Map<String, String> environment, String... args) {
        CommandLine commandLine = Main.newCommandLine();
        ExpectedCommand command = commandLine.getSubcommands().get("expected").getCommand();
        if (node != null) {
            command.probe = () -> node;
        }
        command.environment = environment;
        List<String> all = new ArrayList<>(List.of("expected"));
        all.addAll(List.of(args));
        InProcessCli cli = new InProcessCli();
        Run run = new Run(cli.run(commandLine, all.toArray(String[]::new)), cli.out(), cli.err());
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        return run;
    }

    private Run expected(String... args) {
        return expected(null, Map.of(), args);
    }

    @Test
    void unknownInstanceTypeExitsSixWithTheKnownTypes() {
        Run run = expected("--instance", "p9.mega");

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown instance type 'p9.mega'").contains("p4d.24xlarge, p4de.24xlarge, p5.48xlarge")
                .contains("p6-b200.48xlarge");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutAnInstanceOnThisGpuLessMachineItSaysSoAndExitsFive() {
        Run run = expected(); // the real probe of this build machine, which has no NVIDIA driver

        assertThat(run.status()).isEqualTo(ExitCodes.NO_GPU);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("ncclkit: error: no GPU on ").contains("--instance TYPE").contains("p5.48xlarge");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badNumbersAndChoicesAreUsageErrors() {
        assertThat(expected("--instance", "p5.48xlarge", "--nodes", "0").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(expected("--instance", "p5.48xlarge", "--gpus-per-node", "9").err()).contains("has 8");
        assertThat(expected("--instance", "p5.48xlarge", "--algorithm", "nvls").err()).contains("auto, ring or tree");
        assertThat(expected("--instance", "p5.48xlarge", "--nvls", "maybe").err()).contains("on or off");
        assertThat(expected("--instance", "p5.48xlarge", "--nics", "-1").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(expected("--instance", "p5.48xlarge", "--nodes", "two").status()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void jsonHasAssumptionsEveryCollectiveAndSources() {
        Run run = expected("--instance", "p5.48xlarge", "--nodes", "2", "--json");

        assertThat(run.status()).isZero();
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.propertyNames()).containsExactly("assumptions", "collectives", "sources");
        assertThat(json.get("collectives").propertyNames()).containsExactlyElementsOf(
                ExpectedBandwidth.COLLECTIVES.stream().map(c -> c.label()).toList());
        JsonNode allReduce = json.get("collectives").get("all_reduce");
        assertThat(allReduce.propertyNames()).containsExactly("busbw_gbps", "half_bandwidth_bytes", "low_gbps",
                "high_gbps", "limited_by");
        assertThat(allReduce.get("busbw_gbps").asDouble()).isBetween(allReduce.get("low_gbps").asDouble(),
                allReduce.get("high_gbps").asDouble());
        assertThat(allReduce.get("low_gbps").asDouble()).isLessThan(487.09);
        assertThat(allReduce.get("high_gbps").asDouble()).isGreaterThan(487.09);
        assertThat(allReduce.get("half_bandwidth_bytes").asLong()).isPositive();
        JsonNode assumptions = json.get("assumptions");
        assertThat(assumptions.get("nodes").asInt()).isEqualTo(2);
        assertThat(assumptions.get("nics_per_node").asInt()).isEqualTo(32);
        assertThat(assumptions.get("nic_gbit_per_s").asDouble()).isEqualTo(100);
        assertThat(assumptions.get("gpu_links_per_gpu").asInt()).isEqualTo(18);
        assertThat(assumptions.get("nvls").asBoolean()).isTrue();
        assertThat(assumptions.get("calibrations").get(0).propertyNames()).containsExactly("name", "unit", "nominal",
                "low", "high", "basis");
        assertThat(json.get("sources").get(0).get("url").asString()).isEqualTo("https://aws.amazon.com/ec2/instance-types/p5/");
    }

    @Test
    void textShowsTheAssumptionsBesideTheFigures() {
        Run run = expected("--instance", "p4de.24xlarge", "--nodes", "2");

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("Expected bandwidth: 2 nodes x 8 GPUs (16 ranks), instance p4de.24xlarge")
                .contains("4 x 100 Gb/s = 50.0 GB/s each way").contains("12 x NVLink3 at 25.0 GB/s = 300.0 GB/s")
                .contains("network tree efficiency").containsPattern("all_reduce +78\\.\\d")
                .contains("https://github.com/aws-samples/awsome-distributed-training");
    }

    @Test
    void ncclEnvironmentSetsTheDefaultsAndOptionsWin() {
        Map<String, String> env = Map.of("NCCL_NVLS_ENABLE", "0", "NCCL_ALGO", "Ring");
        Run fromEnv = expected(null, env, "--instance", "p5.48xlarge", "--nodes", "2", "--json");
        JsonNode assumptions = Json.MAPPER.readTree(fromEnv.out()).get("assumptions");
        assertThat(assumptions.get("nvls").asBoolean()).isFalse();
        assertThat(assumptions.get("algorithm").asString()).contains("ring only");

        Run overridden = expected(null, env, "--instance", "p5.48xlarge", "--nodes", "2", "--nvls", "on",
                "--algorithm", "auto", "--json");
        assertThat(Json.MAPPER.readTree(overridden.out()).get("assumptions").get("nvls").asBoolean()).isTrue();
    }

    @Test
    void thisNodesHardwareIsReadWhenNoInstanceIsNamed() {
        Run run = expected(RecordedNodes.node("p5-node"), Map.of(), "--nodes", "2", "--json");

        assertThat(run.status()).isZero();
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("assumptions").get("hardware").asString()).isEqualTo("this node (ip-10-1-83-17)");
        assertThat(json.get("collectives").get("all_reduce").get("busbw_gbps").asDouble())
                .isEqualTo(Json.MAPPER.readTree(expected("--instance", "p5.48xlarge", "--nodes", "2", "--json").out())
                        .get("collectives").get("all_reduce").get("busbw_gbps").asDouble());
    }

    @Test
    void nicOptionsReplaceWhatWasFound() {
        Run run = expected(RecordedNodes.node("p5-node"), Map.of(), "--nodes", "3", "--nics", "8", "--nic-gbps", "400", "--json");

        JsonNode assumptions = Json.MAPPER.readTree(run.out()).get("assumptions");
        assertThat(assumptions.get("nics_per_node").asInt()).isEqualTo(8);
        assertThat(assumptions.get("network_gbps_per_node").asDouble()).isEqualTo(400);
    }
}
