package org.ncclkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test bed's members are separate hosts as a cluster's are, and its fault helpers do what they say. */
class TestBedTest {
    @RegisterExtension
    static final TestBed BED = TestBed.members(4);

    private static ChildProcess ssh(TestBedMember member, String command) {
        return ChildProcess.run(List.of("ssh", "-F", BED.sshConfig().toString(), member.name(), command), Duration.ofSeconds(30));
    }

    @Test
    void membersHaveTheirOwnHostNameAddressHomeHostsFileAndSshdOnPort22() throws IOException {
        for (TestBedMember member : BED.members()) {
            ChildProcess login = ssh(member, "hostname; echo $SSH_CONNECTION; getent hosts node1 leader | tr -s ' ';"
                    + " echo " + member.name() + " > /home/" + LoopbackSshd.USER + "/marker");

            assertThat(login.status()).as(login.err()).isZero();
            List<String> expected = new ArrayList<>(List.of(member.name(),
                    BED.leaderAddress() + " " + portOf(login) + " " + member.address() + " 22"));
            if (member.name().equals("node1")) {
                expected.add("127.0.1.1 node1"); // its own name is loopback there first, as Debian writes /etc/hosts
            }
            expected.add(BED.member(1).address() + " node1");
            expected.add(BED.leaderAddress() + " leader");
            assertThat(login.out().lines().toList()).containsExactlyElementsOf(expected);
        }
        for (TestBedMember member : BED.members()) {
            assertThat(Files.readString(member.userHome().resolve("marker")).strip()).isEqualTo(member.name());
        }
        assertThat(Path.of("/home", LoopbackSshd.USER, "marker")).as("the leader's own /home is untouched").doesNotExist();
    }

    private static String portOf(ChildProcess login) {
        return login.out().lines().toList().get(1).split(" ")[1];
    }

    @Test
    void membersReachTheLeaderAndTheLeaderResolvesTheirNamesThroughItsHostsFile() throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getByName(BED.leaderAddress()), 0));
            Thread.ofVirtual().start(() -> {
                try (Socket socket = listener.accept()) {
                    socket.getOutputStream().write("leader here\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the assertion on the member's output says what went wrong
                }
            });
            Commands.Result read = BED.member(3).run("bash", "-c", "exec 3<>/dev/tcp/leader/" + listener.getLocalPort()
                    + " && head -1 <&3");

            assertThat(read.output().strip()).isEqualTo("leader here");
        }
        ChildProcess resolve = ChildProcess.run(BED.onLeader(List.of("getent", "hosts", "node4")), Duration.ofSeconds(10));
        assertThat(resolve.out().strip().split("\\s+")).containsExactly(BED.member(4).address(), "node4");
    }

    @Test
    void aMemberWhoseLinkIsDownCannotBeReachedUntilItComesBack() {
        TestBedMember member = BED.member(2);
        member.linkDown();

        assertThat(greets(member, 2000)).isFalse();

        member.linkUp();
        assertThat(greets(member, 5000)).isTrue();
    }

    @Test
    void aKilledSshdRefusesConnectionsAndARestartedOneWithANewHostKeyPresentsIt() {
        TestBedMember member = BED.member(1);
        String firstKey = member.hostKeyBlob();
        member.killSshd();

        ChildProcess refused = ssh(member, "true");
        assertThat(refused.status()).isEqualTo(255);
        assertThat(refused.err()).contains("Connection refused");

        member.newHostKey();
        assertThat(member.hostKeyBlob()).isNotEqualTo(firstKey);
        ChildProcess changed = ssh(member, "true");
        assertThat(changed.err()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED");
    }

    private static boolean greets(TestBedMember member, int millis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(member.address(), 22), millis);
            socket.setSoTimeout(millis);
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }
}
