package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/** Members that take the leader's key, set up by {@code ssh-setup} as in real use, for tests of the SSH commands. */
final class KeyedMembers {
    private KeyedMembers() {
    }

    /** Runs {@code ssh-setup} with the test password for the node, with keys kept in {@code sshDir}. */
    static LoopbackSshd.Node keyed(LoopbackSshd sshd, LoopbackSshd.Node node, Path sshDir) {
        CommandLine setup = Main.newCommandLine();
        SshSetupCommand command = setup.getSubcommands().get("ssh-setup").getCommand();
        command.environment = Map.of("NODE_PASSWORD", sshd.password());
        assertThat(new InProcessCli().run(setup, "ssh-setup", "--ssh-dir", sshDir.toString(), "--hosts",
                node.destination(), "--password-env", "NODE_PASSWORD")).isZero();
        return node;
    }
}
