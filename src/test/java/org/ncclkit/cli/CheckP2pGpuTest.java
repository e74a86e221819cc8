package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ncclkit.report.Json;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuTest;

import tools.jackson.databind.JsonNode;

/**
 * {@code ncclkit run -np N --simulate-nodes N check p2p}: every rank is a node of its own to NCCL, all on GPU 0, so
 * that one GPU is enough; every pair exchanges, validates clean and gets a bandwidth and a latency.
 */
@GpuTest
class CheckP2pGpuTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void everyPairExchangesAndValidatesClean(int ranks, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("p2p.json");
        String n = Integer.toString(ranks);

        // a loose --threshold: ranks sharing one GPU are no fair comparison of pairs, so correctness is what is asserted
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", n, "--simulate-nodes", n, "check", "p2p",
                "--size", "4M", "--iters", "5", "--threshold", "0.01", "--json-file", json.toString()), Duration.ofSeconds(300));

        int pairs = ranks * (ranks - 1) / 2;
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("# ncclkit check p2p: " + n + " ranks on " + n + " nodes, 4.0 MiB per exchange",
                "# check p2p passed: " + pairs + (pairs == 1 ? " pair" : " pairs") + ", no slow pair, no wrong data");
        JsonNode document = Json.MAPPER.readTree(json.toFile());
        assertThat(document.get("pairs")).hasSize(pairs);
        for (JsonNode pair : document.get("pairs")) {
            assertThat(pair.get("wrong").asLong()).isZero();
            assertThat(pair.get("bandwidth_gbps").asDouble()).isPositive();
            assertThat(pair.get("latency_us").asDouble()).isPositive();
        }
    }

    @org.junit.jupiter.api.Test
    void jsonPrintsTheReportAsJsonOnStandardOutputAndTheVerdictOnStandardError() throws Exception {
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "--simulate-nodes", "2", "check", "p2p",
                "--size", "4M", "--iters", "5", "--threshold", "0.01", "--json"), Duration.ofSeconds(300));

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        JsonNode document = Json.MAPPER.readTree(run.out());
        assertThat(document.get("pairs")).hasSize(1);
        assertThat(document.get("passed").asBoolean()).isTrue();
        assertThat(run.err()).contains("log: ");
    }

    @org.junit.jupiter.api.Test
    void aPairSlowerThanTheTimeoutStopsTheCheckWithExitFourNamingThePair() {
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "--simulate-nodes", "2", "check", "p2p",
                "--size", "4M", "--timeout", "0.001"), Duration.ofSeconds(120));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(run.err()).containsPattern("the exchanges of rank [01] with rank [01] did not finish within 0.001 s \\(--timeout\\)")
                .doesNotContain("\tat ");
    }
}
