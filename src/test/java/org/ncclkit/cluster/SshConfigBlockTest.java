package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ncclkit's managed block in ~/.ssh/config: what it says, and that it replaces itself and nothing else. */
class SshConfigBlockTest {
    private static final Path KEY = Path.of("/home/me/.ssh/id_ed25519");
    private static final Path KNOWN_HOSTS = Path.of("/home/me/.ssh/known_hosts");

    @TempDir
    Path dir;

    private static List<SshTarget> targets(String hosts) {
        return SshTarget.parseAll(hosts, "me", 22);
    }

    @Test
    void theBlockNamesTheHostsWithTheKeyAndAcceptNewAndAUserOrPortWhereGiven() {
        List<String> block = SshConfigBlock.render(targets("node[1-2],admin@node3:2222"), "me", KEY, KNOWN_HOSTS, true, false);

        assertThat(block).containsExactly(
                SshConfigBlock.BEGIN,
                "Host node3", "    User admin", "    Port 2222",
                "Host node1 node2 node3",
                "    IdentityFile /home/me/.ssh/id_ed25519",
                "    ServerAliveInterval 5",
                "    ServerAliveCountMax 3",
                "    StrictHostKeyChecking accept-new",
                SshConfigBlock.END);
    }

    @Test
    void anotherKnownHostsFileIsNamed() {
        assertThat(SshConfigBlock.render(targets("node1"), "me", KEY, Path.of("/tmp/kh"), false, false))
                .contains("    UserKnownHostsFile /tmp/kh");
    }

    @Test
    void aHostListedWithSeveralPortsGetsNoPortButAComment() {
        List<String> block = SshConfigBlock.render(targets("127.0.0.1:2201,127.0.0.1:2202"), "me", KEY, KNOWN_HOSTS, true, false);

        assertThat(block).contains("# 127.0.0.1 is listed with several ports (2201, 2202): give ssh -p")
                .doesNotContain("    Port 2201", "    Port 2202");
    }

    @Test
    void insecureHoldsTheSeedsLinesAndNoAcceptNew() {
        List<String> block = SshConfigBlock.render(targets("node1"), "me", KEY, KNOWN_HOSTS, true, true);

        assertThat(String.join("\n", block)).contains("Host *\n    ForwardAgent yes\nHost *\n    StrictHostKeyChecking no\n");
        assertThat(block).doesNotContain("    StrictHostKeyChecking accept-new");
    }

    @Test
    void theFirstRunAppendsAfterTheUsersLinesAndARerunReplacesInPlace() {
        List<String> first = SshConfigBlock.render(targets("node1"), "me", KEY, KNOWN_HOSTS, true, false);
        List<String> second = SshConfigBlock.render(targets("node1,node2"), "me", KEY, KNOWN_HOSTS, true, false);
        String mine = "Host bastion\n    User me\n";

        String once = SshConfigBlock.replace(mine, first);
        String edited = once + "Host later\n    Port 2022\n";
        String twice = SshConfigBlock.replace(edited, second);

        assertThat(once).isEqualTo(mine + "\n" + String.join("\n", first) + "\n");
        assertThat(twice).isEqualTo(mine + "\n" + String.join("\n", second) + "\nHost later\n    Port 2022\n");
    }

    @Test
    void aSecondCopyLeftByAnEditIsRemoved() {
        List<String> block = SshConfigBlock.render(targets("node1"), "me", KEY, KNOWN_HOSTS, true, false);
        String doubled = String.join("\n", block) + "\nHost x\n" + String.join("\n", block) + "\n";

        String fixed = SshConfigBlock.replace(doubled, block);

        assertThat(fixed).isEqualTo(String.join("\n", block) + "\nHost x\n");
    }

    @Test
    void aBeginWithoutEndIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> SshConfigBlock.replace("Host a\n" + SshConfigBlock.BEGIN + "\nHost b\n", List.of()))
                .hasMessageStartingWith("it has ncclkit's BEGIN line (line 2) but no END line after it");
    }

    @Test
    void writingCreatesTheFileWithMode600AndFollowsASymbolicLink() throws IOException {
        Path real = Files.writeString(dir.resolve("dotfiles-config"), "Host a\n");
        Path link = Files.createSymbolicLink(dir.resolve("config"), real);

        SshConfigBlock.write(link, List.of(SshConfigBlock.BEGIN, SshConfigBlock.END));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("Host a\n\n" + SshConfigBlock.BEGIN + "\n" + SshConfigBlock.END + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-------");
    }
}
