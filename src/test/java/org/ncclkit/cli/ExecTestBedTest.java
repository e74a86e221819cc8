package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.LoopbackSshd;
import org.ncclkit.testing.RunningProcess;
import org.ncclkit.testing.TestBed;
import org.ncclkit.testing.TestBedMember;

/**
 * {@code ncclkit exec} on separate hosts (the test bed): each line named by the host's name, each host with its own
 * home, a failure named when it happens, and (fault 7 of issue 14) a host that drops off the network named within
 * 20 s while the others go on. The members take the leader's key through {@code ssh-setup}, as in real use.
 */
class ExecTestBedTest {
    @RegisterExtension
    static final TestBed BED = TestBed.members(3);

    @TempDir
    static Path leader;

    /** Before each test, as the test bed empties the members' homes after each. */
    @BeforeEach
    void keyed() {
        ChildProcess setup = BED.ncclkit(Duration.ofSeconds(90), Map.of("NODE_PASSWORD", BED.password()), "ssh-setup",
                "--ssh-dir", leader.resolve("ssh").toString(), "-l", LoopbackSshd.USER, "--hosts", BED.names(),
                "--password-env", "NODE_PASSWORD");
        assertThat(setup.status()).as(setup.out() + setup.err()).isZero();
    }

    private static List<String> exec(String... command) {
        List<String> arguments = new ArrayList<>(List.of("exec", "--ssh-dir", leader.resolve("ssh").toString(), "-l",
                LoopbackSshd.USER, "--hosts", BED.names(), "--"));
        arguments.addAll(List.of(command));
        return arguments;
    }

    @Test
    void everyLineIsNamedByItsHostAndEachHostHasItsOwnHome() throws IOException {
        for (TestBedMember member : BED.members()) {
            Files.writeString(member.userHome().resolve("marker"), "the home of " + member.name() + "\n");
        }

        ChildProcess run = BED.ncclkit(Duration.ofSeconds(60), Map.of(), exec("echo home=$HOME; cat ~/marker; echo to-stderr >&2")
                .toArray(String[]::new));

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactlyInAnyOrder("node1: home=/home/ncclkit-test", "node1: the home of node1",
                "node2: home=/home/ncclkit-test", "node2: the home of node2",
                "node3: home=/home/ncclkit-test", "node3: the home of node3");
        assertThat(run.err().lines()).contains("node1: to-stderr", "node2: to-stderr", "node3: to-stderr");
        assertThat(run.err().lines().toList().getLast()).isEqualTo("3 ok");
    }

    @Test
    void failedHostsAreNamedWhenTheyFailAndTheSummaryGroupsThemByCause() {
        ChildProcess run = BED.ncclkit(Duration.ofSeconds(60), Map.of(),
                exec("case $(hostname) in node1) echo fine;; *) exit 2;; esac").toArray(String[]::new));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly("node1: fine");
        assertThat(run.err().lines()).contains("node2: failed: exit 2", "node3: failed: exit 2");
        assertThat(run.err().lines().toList().getLast()).isEqualTo("1 ok, 2 failed: 2 exit 2: node2, node3");
    }

    @Test
    void aHostThatDropsOffTheNetworkIsNamedWithinTwentySecondsWhileTheOthersGoOn() {
        try (RunningProcess run = RunningProcess.start(BED.onLeader(ChildProcess.ncclkit(
                exec("echo started; sleep 30; echo finished").toArray(String[]::new))), Map.of())) {
            for (TestBedMember member : BED.members()) {
                run.awaitOutput(member.name() + ": started", Duration.ofSeconds(60));
            }

            BED.member(2).linkDown();
            long fault = System.nanoTime();
            run.awaitOutput("node2: failed:", Duration.ofSeconds(40));
            Duration named = Duration.ofNanos(System.nanoTime() - fault);

            assertThat(run.awaitExit(Duration.ofSeconds(40))).isTrue();
            System.out.printf("[fault 7] lost host named %.1f s after the fault%n", named.toMillis() / 1000.0);
            assertThat(named).as(run.err()).isLessThan(Duration.ofSeconds(25));
            assertThat(run.err()).as("named before the others finish").containsSubsequence("node2: failed: ",
                    "\n2 ok, 1 failed: ");
            assertThat(run.out().lines()).contains("node1: finished", "node3: finished").doesNotContain("node2: finished");
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.err().lines().toList().getLast()).isEqualTo("2 ok, 1 failed: 1 connection lost while the"
                    + " command ran (node down or cut off? 3 keep-alives went unanswered, or the server hung up): node2");
        }
    }
}
