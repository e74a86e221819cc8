package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.cluster.SshConfigBlock;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.Commands;
import org.ncclkit.testing.LoopbackSshd;
import org.ncclkit.testing.RunningProcess;
import org.ncclkit.testing.TestBed;
import org.ncclkit.testing.TestBedMember;

/**
 * {@code ncclkit ssh-setup} on separate hosts (the test bed), where host names, port 22 and each host's own home are
 * real: the key lands in each member's own home and OpenSSH then logs in by name with the config it wrote; and
 * (fault 8 of issue 14) that config names only the members that are ready and makes the ssh that mpirun starts notice
 * a lost node.
 */
class SshSetupTestBedTest {
    @RegisterExtension
    static final TestBed BED = TestBed.members(3);

    @TempDir
    Path leader;

    private Path sshDir() {
        return leader.resolve("ssh");
    }

    private ChildProcess setup(String... arguments) {
        List<String> all = new ArrayList<>(List.of("ssh-setup", "--ssh-dir", sshDir().toString(), "-l", LoopbackSshd.USER,
                "--password-env", "NODE_PASSWORD"));
        all.addAll(List.of(arguments));
        return BED.ncclkit(Duration.ofSeconds(90), Map.of("NODE_PASSWORD", BED.password()), all.toArray(String[]::new));
    }

    private List<String> openssh(String host, String command) {
        return List.of("ssh", "-F", sshDir().resolve("config").toString(), "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                host, command);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theKeyLandsInEachMembersOwnHomeAndOpenSshThenLogsInByNameOnPort22() throws IOException {
        ChildProcess run = setup("--hosts", "node1,node2");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        Path key = sshDir().resolve("id_ed25519");
        String publicKey = Files.readString(sshDir().resolve("id_ed25519.pub")).strip();
        assertThat(run.out()).contains("key: made " + key + " (ssh-ed25519 SHA256:");
        assertThat(mode(sshDir())).isEqualTo("rwx------");
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(mode(sshDir().resolve("config"))).isEqualTo("rw-------");
        assertThat(Commands.run("ssh-keygen", "-y", "-f", key.toString())).as("OpenSSH reads the private key, and it is"
                + " the public key's half").startsWith(publicKey.substring(0, publicKey.lastIndexOf(' ')));
        for (TestBedMember member : List.of(BED.member(1), BED.member(2))) {
            assertThat(run.out()).containsPattern(member.name() + " +added +new, recorded +ok \\(" + member.name() + "\\)");
            assertThat(Files.readAllLines(member.userHome().resolve(".ssh/authorized_keys"))).containsExactly(publicKey);
            assertThat(Files.readAllLines(sshDir().resolve("known_hosts")))
                    .contains(member.name() + " ssh-ed25519 " + member.hostKeyBlob());
            ChildProcess login = ChildProcess.run(BED.onLeader(openssh(member.name(), "hostname; echo $HOME")),
                    Duration.ofSeconds(30));
            assertThat(login.status()).as(login.err()).isZero();
            assertThat(login.out().lines()).containsExactly(member.name(), "/home/" + LoopbackSshd.USER);
        }
        assertThat(BED.member(3).userHome().resolve(".ssh")).as("a member not named is untouched").doesNotExist();
        String config = Files.readString(sshDir().resolve("config"));
        assertThat(config).contains("Host node1 node2\n", "    ServerAliveInterval 5\n", "    ServerAliveCountMax 3\n")
                .doesNotContain("Port");
        assertThat(run.out()).contains("ready: 2 of 2 hosts take the key");
    }

    @Test
    void aMistypedPortThatEveryHostRefusesLeavesTheConfigAsItWas() throws IOException {
        assertThat(setup("--hosts", "node1,node2").status()).isZero();
        String before = Files.readString(sshDir().resolve("config"));

        ChildProcess typo = setup("--hosts", "node1,node2", "-p", "2222");

        assertThat(typo.status()).isEqualTo(1);
        assertThat(typo.out()).contains("config: " + sshDir().resolve("config") + " left as it was: no host is ready",
                "2 of 2 hosts failed: 2 connection refused by <host> port 2222 (no SSH server listening there?): node1, node2");
        assertThat(Files.readString(sshDir().resolve("config"))).isEqualTo(before);
        assertThat(ChildProcess.run(BED.onLeader(openssh("node1", "true")), Duration.ofSeconds(30)).status())
                .as("port 22 still used").isZero();
    }

    @Test
    void onlyTheMembersThatAreReadyAreWrittenToTheConfig() throws IOException {
        BED.member(3).killSshd();

        ChildProcess run = setup("--hosts", "node1,node2,node3");

        assertThat(run.status()).isEqualTo(1);
        String block = Files.readString(sshDir().resolve("config"));
        assertThat(block).contains(SshConfigBlock.BEGIN, "Host node1 node2\n").doesNotContain("node3");
        assertThat(run.out()).contains("names the 2 ready hosts",
                "1 of 3 hosts failed: 1 connection refused by <host> port 22 (no SSH server listening there?): node3");
    }

    @Test
    void theConfigMakesTheSshThatMpirunStartsNoticeALostNodeWithinTwentySeconds() {
        assertThat(setup("--hosts", "node2").status()).isZero();
        try (RunningProcess ssh = RunningProcess.start(BED.onLeader(openssh("node2", "echo up; sleep 120")), Map.of())) {
            ssh.awaitOutput("up", Duration.ofSeconds(30));

            BED.member(2).linkDown();
            long fault = System.nanoTime();

            assertThat(ssh.awaitExit(Duration.ofSeconds(40))).as("ssh ends").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - fault);
            System.out.printf("[fault 8] OpenSSH with ssh-setup's config noticed the lost node after %.1f s%n",
                    took.toMillis() / 1000.0);
            assertThat(took).isLessThan(Duration.ofSeconds(25));
            assertThat(ssh.status()).isEqualTo(255);
            assertThat(ssh.err()).contains("Timeout, server node2 not responding");
        }
    }
}
