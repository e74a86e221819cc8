package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.report.Json;
import org.ncclkit.testing.BuildLauncher;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.InstalledMpirun;
import org.ncclkit.testing.TestBed;
import org.ncclkit.validate.ValidateReport;

/**
 * {@code validate --hosts node1,...,node4} from the leader of the namespace test bed: the inventory over SSH, one rank
 * per member through mpirun, the plugin step's search over the C fixture plugin between the members' own addresses
 * (FIXTURE_NET_ADDRESS=auto), the GPU steps skipped with their reason. One member slowed with tc netem must be the
 * only node that does not pass.
 */
class ValidateTestBedTest {
    @RegisterExtension
    static final TestBed BED = TestBed.members(4);

    @TempDir
    static Path shared;
    private static Path home;
    @TempDir
    Path dir;

    @BeforeAll
    static void launcher() {
        InstalledMpirun.pathOrSkip();
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no " + FixturePlugin.NEWEST + ": gcc was missing when the test build ran");
        home = BuildLauncher.create(shared.resolve("ncclkit"));
    }

    @AfterEach
    void unshape() {
        BED.members().forEach(m -> m.clearTrafficShaping());
    }

    private ChildProcess validate() {
        Map<String, String> environment = new HashMap<>(BED.mpirunEnvironment());
        environment.put("NCCLKIT_HOME", home.toString());
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/ncclkit").toString(), "validate", "--hosts", BED.names(),
                "--ssh-dir", BED.dir().resolve("leader").toString(), "--plugin", FixturePlugin.NEWEST.toString(),
                "--env", "FIXTURE_NET_ADDRESS=auto", "--budget", "1m", "--threshold", "0.3", "--latency-threshold", "0.1",
                "--json-file", dir.resolve("v.json").toString(), "--exclude-file", dir.resolve("bad").toString()));
        return ChildProcess.run(BED.onLeader(command), Duration.ofSeconds(240), environment);
    }

    private ValidateReport report() throws Exception {
        return Json.MAPPER.readValue(Files.readString(dir.resolve("v.json")), ValidateReport.class);
    }

    @Test
    void fourHealthyMembersPassUnderTheirOwnNames() throws Exception {
        ChildProcess run = validate();

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        ValidateReport report = report();
        assertThat(report.mode()).isEqualTo("hosts");
        assertThat(report.nodes()).extracting(ValidateReport.Node::name).containsExactly("node1", "node2", "node3", "node4");
        assertThat(report.nodes()).allSatisfy(n -> assertThat(n.verdict()).hasToString("PASS"));
        assertThat(report.steps()).extracting(ValidateReport.Step::name).startsWith("reach", "inventory", "plugin");
        assertThat(report.steps().get(2).outcome()).hasToString("PASS");
        assertThat(run.out()).contains("# validate: reach: PASS: 4 of 4 hosts answered ncclkit info over SSH",
                "step 2/5 plugin round 1 (all nodes): 2 pairs, 0 flagged", "# validate passed: every node PASS");
        assertThat(Files.readAllLines(dir.resolve("bad.hostfile"))).containsExactly("node1 slots=1", "node2 slots=1",
                "node3 slots=1", "node4 slots=1");
    }

    /** The slowed member is SUSPECT with its evidence against good nodes, the others PASS, and it alone is excluded. */
    private void onlyNodeThreeIsSuspect(ChildProcess run) throws Exception {
        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
        ValidateReport report = report();
        assertThat(report.nodes()).extracting(n -> n.name() + " " + n.verdict())
                .containsExactly("node1 PASS", "node2 PASS", "node3 SUSPECT", "node4 PASS");
        assertThat(report.nodes().get(2).evidence()).anyMatch(e -> e.line().contains("with good node"));
        assertThat(Files.readString(dir.resolve("bad")).strip()).isEqualTo("node3");
    }

    @Test
    void theMemberSlowedWithNetemIsTheOnlySuspect() throws Exception {
        BED.member(3).netem("delay", "20ms"); // skipped where the kernel has no sch_netem (as on the build machine)

        onlyNodeThreeIsSuspect(validate());
    }

    @Test
    void theMemberWhoseLinkIsRateLimitedIsTheOnlySuspect() throws Exception {
        BED.member(3).rateLimit("24mbit"); // tc tbf: about 3 MB/s out of node3, against tens of MB/s between the others

        onlyNodeThreeIsSuspect(validate());
    }

    @Test
    void aMemberWhoseSshdIsDownFailsAsUnreachableAndTheOthersAreStillValidated() throws Exception {
        BED.member(4).killSshd();
        try {
            ChildProcess run = validate();

            assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
            ValidateReport report = report();
            assertThat(report.nodes()).extracting(n -> n.name() + " " + n.verdict())
                    .containsExactly("node1 PASS", "node2 PASS", "node3 PASS", "node4 FAIL");
            assertThat(report.nodes().get(3).evidence().getFirst().line()).startsWith("unreachable over SSH: ");
            assertThat(run.err()).doesNotContain("\tat ");
        } finally {
            BED.member(4).startSshd();
        }
    }
}
