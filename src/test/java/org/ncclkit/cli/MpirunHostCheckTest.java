package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.testing.LoopbackCluster;
import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/**
 * {@code ncclkit mpirun} logs in to every host before mpirun does, against real sshd members: a changed host key or a
 * missing ncclkit is one line naming the host, and mpirun (here a stand-in that records that it ran) is not started.
 */
class MpirunHostCheckTest {
    @RegisterExtension
    final LoopbackCluster cluster = LoopbackCluster.withSshDir();

    private final InProcessCli cli = new InProcessCli();
    private Path bundle;
    private Path mpirunRan;
    private Path mpirun;
    private LoopbackSshd.Node a;
    private LoopbackSshd.Node b;

    /** A bundle every member may run (its --version is this build's), in a folder the test user can read. */
    @BeforeEach
    void members() throws IOException {
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "ncclkit-bundle-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        bundle = shared.resolve("ncclkit-0.1.0");
        executable(bundle.resolve("bin/ncclkit"), "#!/bin/sh\necho 'ncclkit " + Main.version() + "'\n");
        mpirunRan = cluster.leader().resolve("mpirun-ran");
        mpirun = executable(cluster.leader().resolve("mpirun"), "#!/bin/sh\necho \"$@\" > " + mpirunRan + "\n");
        a = KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node("node-a"), cluster.sshDir());
        b = KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node("node-b"), cluster.sshDir());
    }

    @AfterEach
    void removeBundle() throws IOException {
        try (var paths = Files.walk(bundle.getParent())) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** mpirun over node-a and node-b, which mpirun's ssh would reach by name and ncclkit's check by their ports. */
    private int mpirun() {
        MpirunCommand command = new MpirunCommand();
        command.environment = Map.of("NCCLKIT_HOME", bundle.toString(), "PATH", "/usr/bin:/bin");
        command.hostname = () -> "leader-node";
        command.sshDir = cluster.sshDir();
        Map<String, LoopbackSshd.Node> byName = Map.of("node-a", a, "node-b", b);
        command.sshTarget = host -> new SshTarget(host, LoopbackSshd.USER, "127.0.0.1", byName.get(host).port());
        CommandLine commandLine = Main.newCommandLine();
        commandLine.getCommandSpec().removeSubcommand("mpirun");
        commandLine.addSubcommand(command);
        return cli.run(commandLine, "mpirun", "--hosts", "leader-node,node-a,node-b", "--gpus-per-node", "1",
                "--mpirun", mpirun.toString(), "--host-check-timeout", "20", "--", "selftest");
    }

    @Test
    void readyHostsAreCheckedAndThenMpirunStarts() {
        assertThat(mpirun()).as(cli.err()).isZero();

        assertThat(cli.err()).contains("ncclkit mpirun: 2 hosts ready: host keys as " + cluster.sshDir().resolve("known_hosts")
                + " records them, ncclkit " + Main.version() + " at " + bundle.resolve("bin/ncclkit"));
        assertThat(mpirunRan).exists();
    }

    @Test
    void aChangedHostKeyIsOneLineNamingTheHostAndMpirunIsNotStarted() {
        b.newHostKey();
        b.restart();
        long start = System.nanoTime();

        int status = mpirun();

        assertThat(status).isEqualTo(ExitCodes.INTERNAL);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(cli.err().lines().filter(line -> line.startsWith("ncclkit"))).containsExactly(
                "ncclkit mpirun: node-b: host key CHANGED: " + b.knownHostsName() + " now presents " + "ssh-ed25519 "
                        + cli.err().replaceAll("(?s).*now presents ssh-ed25519 (\\S+),.*", "$1") + ", not the key recorded in "
                        + cluster.sshDir().resolve("known_hosts") + "; if the node was reinstalled, remove the old key with "
                        + "ssh-keygen -R '" + b.knownHostsName() + "' -f " + cluster.sshDir().resolve("known_hosts") + " and run again",
                "ncclkit: error: 1 of 2 hosts cannot start ranks (node-b); mpirun was not started");
        assertThat(mpirunRan).doesNotExist();
    }

    @Test
    void aHostWithoutNcclkitAtTheSamePathIsNamedAndMpirunIsNotStarted() throws IOException {
        Files.setPosixFilePermissions(bundle.getParent(), PosixFilePermissions.fromString("rwx------")); // the members' user cannot see it

        int status = mpirun();

        assertThat(status).isEqualTo(ExitCodes.INTERNAL);
        assertThat(cli.err()).contains("ncclkit mpirun: node-a: no executable " + bundle.resolve("bin/ncclkit") + " there: every "
                + "node needs the bundle at the same path as this one (ncclkit deploy --hosts ... copies it)",
                "ncclkit: error: 2 of 2 hosts cannot start ranks (node-a, node-b); mpirun was not started");
        assertThat(mpirunRan).doesNotExist();
    }
}
