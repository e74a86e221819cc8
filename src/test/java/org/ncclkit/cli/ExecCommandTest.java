package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.testing.LoopbackCluster;
import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/** {@code ncclkit exec} on real sshd members on 127.0.0.1 whose ~/.ssh/authorized_keys holds the leader's key. */
class ExecCommandTest {
    @RegisterExtension
    final LoopbackCluster cluster = LoopbackCluster.withSshDir();

    private final Map<String, String> environment = new HashMap<>();

    record Run(int status, String out, String err, double seconds) {
    }

    /** A member that takes the leader's key (made by ssh-setup, as in real use). */
    private LoopbackSshd.Node member(String name) {
        return KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node(name), cluster.sshDir());
    }

    private Run exec(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        ExecCommand command = commandLine.getSubcommands().get("exec").getCommand();
        command.environment = environment;
        List<String> all = new ArrayList<>(List.of("exec", "--ssh-dir", cluster.sshDir().toString()));
        all.addAll(List.of(args));
        InProcessCli cli = new InProcessCli();
        long start = System.nanoTime();
        int status = cli.run(commandLine, all.toArray(String[]::new));
        Run run = new Run(status, cli.out(), cli.err(), (System.nanoTime() - start) / 1e9);
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        return run;
    }

    @Test
    void everyLineComesPrefixedWithItsHostAndTheSummaryCountsTheSuccesses() {
        LoopbackSshd.Node a = member("node-a");
        LoopbackSshd.Node b = member("node-b");

        Run run = exec("--hosts", a.destination() + "," + b.destination(), "--", "echo", "home=$HOME;", "echo", "second;",
                "echo", "to-stderr", ">&2");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactlyInAnyOrder(
                a.destination() + ": home=" + a.home(), a.destination() + ": second",
                b.destination() + ": home=" + b.home(), b.destination() + ": second");
        assertThat(run.out()).containsSubsequence(a.destination() + ": home=", a.destination() + ": second");
        assertThat(run.err().lines()).contains(a.destination() + ": to-stderr", b.destination() + ": to-stderr");
        assertThat(run.err().lines().toList().getLast()).isEqualTo("2 ok");
    }

    @Test
    void aFailingHostIsNamedWithItsExitStatusAndTheCommandExitsNonZero() {
        LoopbackSshd.Node a = member("node-a");
        LoopbackSshd.Node b = member("node-b");

        Run run = exec("--hosts", a.destination() + "," + b.destination(), "--",
                "if [ \"$HOME\" = " + b.home() + " ]; then exit 2; fi; echo fine");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(a.destination() + ": fine");
        assertThat(run.err().lines()).contains(b.destination() + ": failed: exit 2");
        assertThat(run.err().lines().toList().getLast()).isEqualTo("1 ok, 1 failed: 1 exit 2: " + b.destination());
    }

    @Test
    void anUnreachableHostFailsWithItsReasonWhileTheOthersRun() throws IOException {
        LoopbackSshd.Node a = member("node-a");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Run run = exec("--hosts", "ncclkit-test@127.0.0.1:" + closedPort + "," + a.destination(), "--", "echo", "up");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(a.destination() + ": up");
        assertThat(run.err()).contains("1 ok, 1 failed: 1 connection refused by <host> port " + closedPort
                + " (no SSH server listening there?): ncclkit-test@127.0.0.1:" + closedPort);
    }

    @Test
    void aHostPastItsTimeLimitIsStoppedAndItsCommandKilled() {
        LoopbackSshd.Node a = member("node-a");
        LoopbackSshd.Node b = member("node-b");

        String duration = "30." + System.nanoTime() % 1_000_000; // marks this test's sleep among all processes
        Run run = exec("--hosts", a.destination() + "," + b.destination(), "--timeout", "1.5", "--",
                "if [ \"$HOME\" = " + a.home() + " ]; then exec sleep " + duration + "; fi; echo quick");

        assertThat(run.seconds()).isLessThan(10);
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(b.destination() + ": quick");
        assertThat(run.err().lines().toList().getLast()).isEqualTo("1 ok, 1 failed: 1 timed out after 1.5 s: " + a.destination());
        assertThat(sleeping(duration)).as("the remote sleep got SIGTERM").isZero();
    }

    /** The processes on this machine running {@code sleep DURATION}, waiting up to 5 s for them to go. */
    private static long sleeping(String duration) {
        long sleeps = 0;
        for (int i = 0; i < 100; i++) {
            sleeps = ProcessHandle.allProcesses()
                    .filter(process -> process.info().arguments().map(arguments -> List.of(arguments).contains(duration)).orElse(false))
                    .count();
            if (sleeps == 0) {
                return 0;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return sleeps;
    }

    @Test
    void hostsRunAtOnceUpToTheParallelLimit() {
        LoopbackSshd.Node a = member("node-a");
        LoopbackSshd.Node b = member("node-b");
        LoopbackSshd.Node c = member("node-c");
        String all = a.destination() + "," + b.destination() + "," + c.destination();

        Run together = exec("--hosts", all, "--", "sleep", "1");
        Run oneByOne = exec("--hosts", all, "--parallel", "1", "--", "sleep", "1");

        assertThat(together.status()).isZero();
        assertThat(oneByOne.status()).isZero();
        assertThat(together.seconds()).isLessThan(2.5);
        assertThat(oneByOne.seconds()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theCommandsOwnOptionsAfterTheDoubleDashAreNotNcclkits() {
        LoopbackSshd.Node a = member("node-a");

        Run run = exec("--hosts", a.destination(), "--", "ls", "-d", "--", "/");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly(a.destination() + ": /");
    }

    @Test
    void aHostWhoseKeyChangedIsRefused() {
        LoopbackSshd.Node a = member("node-a");
        a.newHostKey();
        a.restart();

        Run run = exec("--hosts", a.destination(), "--", "echo", "should not run");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(a.destination() + ": failed: host key CHANGED: " + a.knownHostsName());
    }

    @Test
    void aHostThatRefusesTheKeysIsAnAuthenticationFailure() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a"); // ssh-setup never ran: no key of ours there

        Run run = exec("--hosts", a.destination(), "--", "true");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains(a.destination() + ": failed: login refused for ncclkit-test: no key accepted");
    }
}
