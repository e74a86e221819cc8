package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.testing.LoopbackCluster;
import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/**
 * The leader's own line of a hosts file (its host name, or localhost, on port 22) is worked on here by exec,
 * ssh-setup and monitor: no SSH to this node, which has no sshd on port 22 here.
 */
class LeaderEntryTest {
    @RegisterExtension
    final LoopbackCluster cluster = LoopbackCluster.withSshDir();

    private final InProcessCli cli = new InProcessCli();

    private int run(String command, String... args) {
        CommandLine commandLine = Main.newCommandLine();
        if (command.equals("monitor")) {
            MonitorCommand monitor = commandLine.getSubcommands().get("monitor").getCommand();
            monitor.terminal = false;
            monitor.environment = Map.of();
        }
        List<String> all = new ArrayList<>(List.of(command, "--ssh-dir", cluster.sshDir().toString()));
        all.addAll(List.of(args));
        int status = cli.run(commandLine, all.toArray(String[]::new));
        assertThat(cli.out() + cli.err()).as("no stack trace").doesNotContain("\tat ", "Exception");
        return status;
    }

    @Test
    void execRunsTheLeadersLineHereAndTheMembersOverSsh() {
        LoopbackSshd.Node a = KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node("node-a"), cluster.sshDir());

        int status = run("exec", "--hosts", "localhost," + a.destination(), "--", "echo", "home=$HOME");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out().lines()).containsExactlyInAnyOrder("localhost: home=" + System.getProperty("user.home"),
                a.destination() + ": home=" + a.home());
        assertThat(cli.err()).endsWith("2 ok" + System.lineSeparator());
    }

    @Test
    void sshSetupNeedsNoLoginToTheLeader() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        CommandLine commandLine = Main.newCommandLine();
        SshSetupCommand setup = commandLine.getSubcommands().get("ssh-setup").getCommand();
        setup.environment = Map.of("NODE_PASSWORD", cluster.sshd().password());

        int status = cli.run(commandLine, "ssh-setup", "--ssh-dir", cluster.sshDir().toString(), "--hosts",
                "localhost," + a.destination(), "--password-env", "NODE_PASSWORD");

        assertThat(status).as(cli.out()).isZero();
        assertThat(cli.out()).containsPattern("localhost +- +- +this node \\(no login needed\\)")
                .contains("ready: 2 of 2 hosts take the key");
    }

    @Test
    void monitorRunsTheLeadersAgentHere() {
        int status = run("monitor", "--hosts", "localhost", "--interval", "0.3", "--count", "20");

        assertThat(status).as(cli.out() + cli.err()).isEqualTo(1);
        assertThat(cli.out()).as("this build's agent, without NVML here, says so")
                .contains("PROBLEM localhost: monitor agent ended (exit 5): cannot read the GPUs of ")
                .doesNotContain("port 22", "connection refused");
    }
}
