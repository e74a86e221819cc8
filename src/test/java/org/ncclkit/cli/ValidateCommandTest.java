package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.report.Json;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.validate.ValidateReport;

/**
 * {@code ncclkit run -np 4 --simulate-nodes 4 validate} in real processes: the plugin step's search over the C NET
 * plugin fixture (TCP on loopback), the GPU steps skipped with their reason on this CPU-only machine. The fixture's
 * FIXTURE_NET_SLOW_HOSTID slows one simulated node as a slow NIC would.
 */
class ValidateCommandTest {
    /** The machine running CI is small and shared: keep the verdict to slowness several times over the noise. */
    private static final List<String> LOOSE = List.of("--threshold", "0.3", "--latency-threshold", "0.1");

    @TempDir
    Path dir;

    private ChildProcess validate(List<String> environment, String... args) {
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no " + FixturePlugin.NEWEST + ": gcc was missing when the test build ran");
        List<String> command = new ArrayList<>(List.of("env"));
        command.addAll(environment);
        command.addAll(ChildProcess.ncclkit("run", "-np", "4", "--simulate-nodes", "4", "validate", "--plugin",
                FixturePlugin.NEWEST.toString(), "--budget", "1m", "--json-file", dir.resolve("v.json").toString(),
                "--exclude-file", dir.resolve("exclude").toString()));
        command.addAll(LOOSE);
        command.addAll(List.of(args));
        return ChildProcess.run(command, Duration.ofSeconds(150));
    }

    private ValidateReport report() throws Exception {
        return Json.MAPPER.readValue(Files.readString(dir.resolve("v.json")), ValidateReport.class);
    }

    @Test
    void fourHealthySimulatedNodesPassWithThePluginSearchRunAndTheGpuStepsSkippedWithTheirReason() throws Exception {
        ChildProcess run = validate(List.of());

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("# validate: step 1/5 inventory of 4 nodes", "step 2/5 plugin round 1 (all nodes): 2 pairs, 0 flagged",
                "# step plugin      PASS    1 round, 2 pair tests", "# validate passed: every node PASS")
                .containsPattern("# step p2p +SKIPPED no GPU on .*: ")
                .containsPattern("# step collectives SKIPPED no GPU on ");
        ValidateReport report = report();
        assertThat(report.schema()).isEqualTo("ncclkit.validate/1");
        assertThat(report.exitStatus()).isZero();
        assertThat(report.nodes()).hasSize(4).allSatisfy(n -> assertThat(n.verdict()).hasToString("PASS"));
        assertThat(report.nodes().getFirst().software()).as("what the inventory step found, for the report")
                .containsOnlyKeys("GPU count", "GPU model", "driver", "CUDA", "NCCL", "libfabric", "NET plugin");
        assertThat(report.nodes()).extracting(ValidateReport.Node::software).as("four ranks of one machine")
                .containsOnly(report.nodes().getFirst().software());
        ValidateReport.Round first = report.steps().get(1).rounds().getFirst();
        assertThat(first.pairs()).hasSize(2).allSatisfy(p -> {
            assertThat(p.lowToHighGbps()).isPositive();
            assertThat(p.highToLowGbps()).isPositive();
            assertThat(p.latencyUs()).isPositive();
            assertThat(p.wrong()).isZero();
        });
        assertThat(Files.readString(dir.resolve("exclude"))).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("exclude.hostfile"))).hasSize(4).allMatch(l -> l.endsWith(" slots=1"));
    }

    @Test
    void theOneSlowNodeIsNamedSuspectAfterTwoRetestsAndNoOtherNodeIsBlamed() throws Exception {
        ChildProcess run = validate(List.of("FIXTURE_NET_SLOW_HOSTID=ncclkit-simulated-node-2"));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
        ValidateReport report = report();
        List<String> blamed = report.nodes().stream().filter(n -> !n.verdict().toString().equals("PASS")).map(ValidateReport.Node::name).toList();
        assertThat(blamed).singleElement().asString().endsWith("/ncclkit-simulated-node-2");
        ValidateReport.Node slow = report.nodes().get(2);
        assertThat(slow.verdict()).hasToString("SUSPECT");
        assertThat(slow.evidence()).extracting(e -> e.line()).anyMatch(l -> l.startsWith("round 2: with good node"))
                .anyMatch(l -> l.startsWith("round 3: with good node"));
        assertThat(slow.remediation()).contains("check plugin");
        assertThat(report.steps().get(1).rounds()).hasSizeLessThanOrEqualTo(4); // 3, or one more where noise struck a healthy suspect once
        assertThat(run.out()).contains("# validate FAILED: 1 node(s) not passing (exit 7)");
        assertThat(Files.readString(dir.resolve("exclude")).strip()).endsWith("/ncclkit-simulated-node-2");
        assertThat(Files.readAllLines(dir.resolve("exclude.hostfile"))).hasSize(3).noneMatch(l -> l.contains("node-2"));
    }

    @Test
    void fourRanksRecordOneValidateRunWithItsVerdictsWhichHistoryListsAndShowsAndTheTextfileHolds() throws Exception {
        String store = dir.resolve("history.db").toString();
        Path prom = dir.resolve("validate.prom");
        ChildProcess run = validate(List.of(), "--history", store, "--prom", prom.toString());
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(Files.readString(prom)).containsPattern("(?m)^ncclkit_validate_node_verdict\\{collective=\"validate\","
                + "host=\"[^\"]+/ncclkit-simulated-node-0\",node=\"[^\"]+/ncclkit-simulated-node-3\",verdict=\"PASS\"\\} 1$")
                .containsPattern("(?m)^ncclkit_run_passed\\{collective=\"validate\",host=\"[^\"]+\"\\} 1$");
        InProcessCli cli = new InProcessCli();

        assertThat(cli.run("history", "list", "--history", store)).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).as("one run, recorded by rank 0 alone").hasSize(2);
        assertThat(lines.get(1)).startsWith("1 ").contains(" validate ", " 4 ", " pass ", "4 PASS, 0 SUSPECT, 0 FAIL");
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store, "1")).isZero();
        assertThat(cli.out()).contains("Run          1 (validate, validate, passed)", "Verdict      4 PASS, 0 SUSPECT, 0 FAIL",
                "# ncclkit validate: 4 nodes: 4 PASS, 0 SUSPECT, 0 FAIL", "# step plugin      PASS    1 round, 2 pair tests",
                "# validate passed: every node PASS")
                .containsPattern("command +ncclkit validate --plugin \\S+ --budget 1m --threshold 0.3 --latency-threshold 0.1\n")
                .doesNotContain("--history", "--json-file", "--exclude-file");
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store, "--json", "1")).isZero();
        ValidateReport recorded = ValidateReport.read(cli.out());
        assertThat(recorded).isEqualTo(report());
    }

    @Test
    void noHistoryRecordsNothing() {
        Path store = dir.resolve("history.db");
        InProcessCli cli = new InProcessCli();

        assertThat(cli.run("validate", "--budget", "30s", "--plugin", "/nonexistent/libnccl-net.so", "--history",
                store.toString(), "--no-history")).as(cli.out() + cli.err()).isZero();

        assertThat(store).doesNotExist();
        assertThat(cli.err()).doesNotContain("history");
    }

    @Test
    void aHistoryThatCannotBeWrittenIsOneNoteAndTheRunStillPassesWithTheFileUntouched() throws Exception {
        Path notAStore = dir.resolve("history.db");
        Files.writeString(notAStore, "not a database, and it must stay so\n".repeat(200));
        InProcessCli cli = new InProcessCli();

        int status = cli.run("validate", "--budget", "30s", "--plugin", "/nonexistent/libnccl-net.so", "--history",
                notAStore.toString(), "--json-file", dir.resolve("v.json").toString());

        assertThat(status).as(cli.out() + cli.err()).isZero();
        assertThat(cli.err().lines().filter(line -> line.contains("history"))).singleElement().asString()
                .startsWith("ncclkit: note: run not recorded in the history: ").endsWith("(--no-history skips it)");
        assertThat(Files.readString(notAStore)).isEqualTo("not a database, and it must stay so\n".repeat(200));
        assertThat(report().nodes()).hasSize(1);
    }

    @Test
    void twoRanksOnOneNodeAreRefusedAsAUsageErrorNamingBothRanks() {
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no fixture");
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "validate", "--budget", "1m"),
                Duration.ofSeconds(60));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("validate runs one rank per node, but ranks 0 and 1 are both on").doesNotContain("\tat ");
    }

    @Test
    void aloneItValidatesThisNodeWithThePairStepsSkippedForWantOfAPair() throws Exception {
        InProcessCli cli = new InProcessCli();

        int status = cli.run("validate", "--budget", "30s", "--plugin", "/nonexistent/libnccl-net.so", "--json-file",
                dir.resolve("v.json").toString());

        assertThat(status).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("# step plugin      SKIPPED one node: no pair to test",
                "# step p2p         SKIPPED one node: no pair to test", "# ncclkit validate: 1 node: 1 PASS");
        assertThat(report().mode()).isEqualTo("one node");
    }

    @Test
    void aBudgetThatIsNotADurationIsAUsageErrorInOneLine() {
        InProcessCli cli = new InProcessCli();

        assertThat(cli.run("validate", "--budget", "ten minutes")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().strip()).isEqualTo("ncclkit: error: --budget takes a duration like 10m, 90s or 1h, not 'ten minutes'");
    }

    @Test
    void theSimulationOf1024NodesFindsOneBadNodeInThreeRoundsWithoutBlamingAnyone() {
        InProcessCli cli = new InProcessCli();

        assertThat(cli.run("validate", "--simulate", "1024", "--simulate-bad", "1", "--seeds", "3")).isZero();
        assertThat(cli.out()).containsPattern("leaf_aware +1 +<= 3 +\\d+ +3/3 +0 ")
                .containsPattern("unaware +1 +<= \\d+ +\\d+ +0/3 ");
    }

    @Test
    void jsonPutsTheReportAloneOnStandardOutputAndTheSummaryOnStandardError() throws Exception {
        InProcessCli cli = new InProcessCli();

        assertThat(cli.run("validate", "--budget", "30s", "--plugin", "/nonexistent/libnccl-net.so", "--json")).isZero();
        ValidateReport report = ValidateReport.read(cli.out());
        assertThat(report.nodes()).hasSize(1);
        assertThat(cli.err()).contains("# validate: step 1/5 inventory of 1 node", "# validate passed: every node PASS");
    }
}
