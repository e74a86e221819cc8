package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.testing.BuildLauncher;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.InstalledMpirun;
import org.ncclkit.testing.TestBed;
import org.ncclkit.testing.TestBedMember;

/**
 * Issue 14 on separate hosts (the test bed: own file systems under /home, own host names and addresses, sshd on port
 * 22): {@code ncclkit deploy} puts this build's bundle at the same path on each member, and (fault 9) a member whose
 * host key changed stops {@code ncclkit mpirun} with ncclkit's line before Open MPI starts a daemon.
 */
class FaultsTestBedTest {
    @RegisterExtension
    static final TestBed BED = TestBed.members(2);

    /** The bundle: this build's launcher, in a folder under /home, which each member has a separate one of. */
    private static Path home;

    @BeforeAll
    static void bundleUnderHome() throws IOException {
        Path parent = Files.createTempDirectory(Path.of("/home"), "ncclkit-faults-test-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        home = BuildLauncher.create(parent.resolve("ncclkit-0.1.0"));
    }

    @AfterAll
    static void removeBundles() {
        org.ncclkit.testing.Commands.run("rm", "-rf", home.getParent().toString());
        for (TestBedMember member : BED.members()) {
            org.ncclkit.testing.Commands.run("rm", "-rf", member.home().resolve(home.getParent().getFileName()).toString());
        }
    }

    private static ChildProcess ncclkit(Duration limit, String... arguments) {
        Map<String, String> environment = new HashMap<>(BED.mpirunEnvironment());
        environment.put("NCCLKIT_HOME", home.toString());
        return ChildProcess.run(BED.onLeader(ChildProcess.ncclkit(arguments)), limit, environment); // member names resolve
    }

    private static ChildProcess deploy() {
        return ncclkit(Duration.ofSeconds(120), "deploy", "-l", "root", "--ssh-dir", BED.dir().resolve("leader").toString(),
                "--hosts", BED.names());
    }

    @Test
    void deployPutsTheBundleAtTheSamePathOnEachMembersOwnFileSystemAndItsInfoRunsThere() {
        ChildProcess first = deploy();
        ChildProcess second = deploy();

        assertThat(first.status()).as(first.out() + first.err()).isZero();
        for (TestBedMember member : BED.members()) {
            Path copy = member.home().resolve(Path.of("/home").relativize(home));
            assertThat(copy.resolve("bin/ncclkit")).as(member.name()).exists();
            assertThat(first.out()).containsPattern(member.name() + " +none +copied [0-9.]+ MB +no GPU \\(exit 5\\)");
            assertThat(second.out()).containsPattern(member.name() + " +ncclkit " + Main.version() + " +up to date +no GPU \\(exit 5\\)");
        }
        assertThat(first.out()).contains("ready: 2 of 2 nodes (2 copied, 0 up to date, 2 without GPU)");
        assertThat(second.status()).isZero();
    }

    /** Fault 9: before, Open MPI said "ORTE was unable to reliably start one or more daemons". */
    @Test
    void aMemberWhoseHostKeyChangedIsNamedBeforeMpirunStartsAnyDaemon() {
        InstalledMpirun.pathOrSkip();
        assertThat(deploy().status()).isZero();
        TestBedMember second = BED.member(2);
        second.newHostKey();

        ChildProcess run = ncclkit(Duration.ofSeconds(60), "mpirun", "--hosts", BED.names(), "--gpus-per-node", "1", "--",
                "selftest");
        System.out.printf("[fault 9] host key changed on %s: ended in %.1f s, exit %d%n", second.name(),
                run.took().toMillis() / 1000.0, run.status());

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(30));
        List<String> lines = run.err().lines().filter(line -> line.startsWith("ncclkit")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("ncclkit mpirun: " + second.name() + ": host key CHANGED: " + second.address()
                + " now presents ssh-ed25519 SHA256:");
        assertThat(lines.get(1)).isEqualTo("ncclkit: error: 1 of 2 hosts cannot start ranks (" + second.name()
                + "); mpirun was not started");
        assertThat(run.err()).doesNotContain("ORTE");
        assertThat(BED.members()).allSatisfy(member -> assertThat(member.ncclkitProcesses()).isEmpty());
    }
}
