package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.cluster.SshConfigBlock;
import org.ncclkit.testing.Commands;
import org.ncclkit.testing.LoopbackCluster;
import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/**
 * {@code ncclkit ssh-setup} against real OpenSSH servers on 127.0.0.1 (one sshd per member, see {@link LoopbackSshd}):
 * first contact by password, reruns, bad permissions on a member, wrong password, an unreachable member, a changed
 * host key, the seed's insecure settings, RSA and ed25519 keys, an SSH agent, and the config OpenSSH then reads.
 */
class SshSetupCommandTest {
    @RegisterExtension
    final LoopbackCluster cluster = LoopbackCluster.withoutSshDir();

    private final Map<String, String> environment = new HashMap<>();
    private final List<String> prompts = new ArrayList<>();

    @BeforeEach
    void memberPassword() {
        environment.put("NODE_PASSWORD", cluster.sshd().password());
    }

    record Run(int status, String out, String err) {
        /** The table row of one node. */
        String row(LoopbackSshd.Node node) {
            return out.lines().filter(line -> line.startsWith(node.destination() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + node + " in:\n" + out));
        }
    }

    private Run sshSetup(Consumer<SshSetupCommand> setup, String... args) {
        CommandLine commandLine = Main.newCommandLine();
        SshSetupCommand command = commandLine.getSubcommands().get("ssh-setup").getCommand();
        command.environment = environment;
        command.passwordReader = prompt -> Optional.empty(); // as under CI: nobody at a terminal
        setup.accept(command);
        List<String> all = new ArrayList<>(List.of("ssh-setup", "--ssh-dir", cluster.sshDir().toString()));
        all.addAll(List.of(args));
        InProcessCli cli = new InProcessCli();
        int status = cli.run(commandLine, all.toArray(String[]::new));
        Run run = new Run(status, cli.out(), cli.err());
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        return run;
    }

    private Run sshSetup(String... args) {
        return sshSetup(command -> {
        }, args);
    }

    private static String hosts(LoopbackSshd.Node... nodes) {
        return String.join(",", java.util.Arrays.stream(nodes).map(LoopbackSshd.Node::destination).toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static long count(String text, String part) {
        return text.lines().filter(line -> line.contains(part)).count();
    }

    /** OpenSSH's own client, reading only the config ssh-setup wrote: it must log in without a password or prompt. */
    private Commands.Result opensshLogin(LoopbackSshd.Node node) {
        return Commands.result(Map.of(), new byte[0], "ssh", "-F", cluster.sshDir().resolve("config").toString(), "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=10", "-p", Integer.toString(node.port()), "127.0.0.1", "echo", "logged-in-as", "$(id -un)");
    }

    @Test
    void freshSetUpByPasswordInstallsTheKeyRecordsHostKeysAndLogsInWithTheKeyAlone() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        LoopbackSshd.Node b = cluster.sshd().node("node-b");

        Run run = sshSetup("--hosts", hosts(a, b), "--password-env", "NODE_PASSWORD");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        Path key = cluster.sshDir().resolve("id_ed25519");
        String publicKey = read(cluster.sshDir().resolve("id_ed25519.pub")).strip();
        assertThat(run.out()).contains("key: made " + key + " (ssh-ed25519 SHA256:");
        assertThat(mode(cluster.sshDir())).isEqualTo("rwx------");
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(Commands.run("ssh-keygen", "-y", "-f", key.toString()))
                .as("OpenSSH reads the private key, and it is the public key's half").startsWith(publicKey.substring(0, publicKey.lastIndexOf(' ')));
        assertThat(Commands.run("ssh-keygen", "-l", "-f", key.toString())).contains("(ED25519)");
        for (LoopbackSshd.Node node : List.of(a, b)) {
            assertThat(run.row(node)).matches("\\S+ +added +new, recorded +ok \\(.+\\)");
            assertThat(read(node.authorizedKeys()).lines()).containsExactly(publicKey);
            assertThat(read(cluster.sshDir().resolve("known_hosts")).lines()).contains(node.knownHostsName() + " ssh-ed25519 " + node.hostKeyBlob());
            Commands.Result login = opensshLogin(node);
            assertThat(login.status()).as(login.output()).isZero();
            assertThat(login.output()).contains("logged-in-as ncclkit-test");
        }
        assertThat(run.out()).contains("ready: 2 of 2 hosts take the key");
        String config = read(cluster.sshDir().resolve("config"));
        assertThat(config).contains("    IdentityFile " + key, "    StrictHostKeyChecking accept-new",
                "    UserKnownHostsFile " + cluster.sshDir().resolve("known_hosts"));
        assertThat(mode(cluster.sshDir().resolve("config"))).isEqualTo("rw-------");
    }

    @Test
    void aRerunChangesNothingAndDuplicatesNeitherTheKeyNorTheConfigBlock() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        Files.createDirectories(cluster.sshDir());
        Files.writeString(cluster.sshDir().resolve("config"), "# mine\nHost bastion\n    User me\n");
        Run first = sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD");
        byte[] keyBefore = Files.readAllBytes(cluster.sshDir().resolve("id_ed25519"));
        String knownHostsBefore = read(cluster.sshDir().resolve("known_hosts"));

        Run second = sshSetup("--hosts", a.destination());

        assertThat(first.status()).as(first.out()).isZero();
        assertThat(second.status()).as(second.out()).isZero();
        assertThat(second.out()).contains("key: using " + cluster.sshDir().resolve("id_ed25519"));
        assertThat(second.row(a)).matches("\\S+ +present +known +ok \\(.+\\)");
        assertThat(Files.readAllBytes(cluster.sshDir().resolve("id_ed25519"))).as("the key is never overwritten").isEqualTo(keyBefore);
        assertThat(read(a.authorizedKeys()).lines()).hasSize(1);
        assertThat(read(cluster.sshDir().resolve("known_hosts"))).isEqualTo(knownHostsBefore);
        String config = read(cluster.sshDir().resolve("config"));
        assertThat(count(config, SshConfigBlock.BEGIN)).isEqualTo(1);
        assertThat(count(config, SshConfigBlock.END)).isEqualTo(1);
        assertThat(config).startsWith("# mine\nHost bastion\n    User me\n");
        assertThat(config).contains("Host 127.0.0.1\n    User ncclkit-test\n    Port " + a.port() + "\n");
        assertThat(opensshLogin(a).status()).isZero();
    }

    @Test
    void aMemberWhoseSshFolderOthersCanWriteIsRepairedAndItsOtherKeysKept() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        String otherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo7dGi7FyMRNVOVnQmYEf5pSjFl0mRu1LFZZQOB3PsA admin@elsewhere";
        a.writeHomeFile(".ssh/authorized_keys", otherKey, "rw-rw-rw-"); // no newline at the end, as an editor may leave it
        Files.setPosixFilePermissions(a.sshDir(), PosixFilePermissions.fromString("rwxrwxrwx"));

        Run run = sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD");

        assertThat(run.status()).as(run.out() + a.sshdLog()).isZero();
        assertThat(run.row(a)).matches("\\S+ +added +new, recorded +ok \\(.+\\)");
        assertThat(run.out()).contains(a.destination() + ": fixed ~/.ssh 777->700",
                a.destination() + ": fixed ~/.ssh/authorized_keys 666->600");
        assertThat(mode(a.sshDir())).isEqualTo("rwx------");
        assertThat(mode(a.authorizedKeys())).isEqualTo("rw-------");
        assertThat(read(a.authorizedKeys()).lines()).containsExactly(otherKey, read(cluster.sshDir().resolve("id_ed25519.pub")).strip());
    }

    @Test
    void aWrongPasswordIsOneClearRowAndChangesNothingOnTheMember() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        environment.put("NODE_PASSWORD", "not-" + cluster.sshd().password());

        Run run = sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.row(a)).contains("login refused for ncclkit-test: wrong password (and no key accepted)");
        assertThat(run.out()).contains("1 of 1 hosts failed: 1 login refused for ncclkit-test: wrong password (and no key"
                + " accepted): " + a.destination());
        assertThat(a.authorizedKeys()).doesNotExist();
    }

    @Test
    void withoutPasswordOrTerminalTheRowSaysHowToGiveOne() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");

        Run run = sshSetup("--hosts", a.destination());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.row(a)).contains("no key accepted", "give the password with --password-env VAR, or run ssh-setup in a terminal");
    }

    @Test
    void aPasswordIsAskedOnceForAllMembersThatRefuseTheKeys() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        LoopbackSshd.Node b = cluster.sshd().node("node-b");

        Run run = sshSetup(command -> command.passwordReader = prompt -> {
            prompts.add(prompt);
            return Optional.of(cluster.sshd().password().toCharArray());
        }, "--hosts", hosts(a, b));

        assertThat(run.status()).as(run.out()).isZero();
        assertThat(prompts).containsExactly("Password for 2 hosts (ncclkit-test@127.0.0.1, ...): ");
        assertThat(run.row(a)).contains("added");
        assertThat(run.row(b)).contains("added");
    }

    @Test
    void anUnreachableMemberFailsAloneWithItsReason() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String down = "ncclkit-test@127.0.0.1:" + closedPort;

        Run run = sshSetup("--hosts", a.destination() + "," + down, "--password-env", "NODE_PASSWORD");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.row(a)).contains("ok (");
        assertThat(run.out()).containsPattern(java.util.regex.Pattern.quote(down)
                + " +- +- +- +connection refused by 127.0.0.1 port " + closedPort + " \\(no SSH server listening there\\?\\)");
        assertThat(run.out()).contains("1 of 2 hosts failed: 1 connection refused by <host> port " + closedPort
                + " (no SSH server listening there?): " + down);
    }

    @Test
    void aMemberThatAcceptsButNeverAnswersTimesOutWithoutHoldingUpTheOthers() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().readNBytes(1 << 20); // reads the client's greeting and never says a word
                } catch (IOException e) {
                    // the test is over
                }
            });
            String mute = "ncclkit-test@127.0.0.1:" + silent.getLocalPort();
            long start = System.nanoTime();

            Run run = sshSetup("--hosts", mute + "," + a.destination(), "--password-env", "NODE_PASSWORD", "--connect-timeout", "1");

            assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).contains("no SSH answer from 127.0.0.1 port " + silent.getLocalPort() + " within 1 s");
            assertThat(run.row(a)).contains("ok (");
        }
    }

    @Test
    void aChangedHostKeyIsRefusedWithWhatToDoAndTheRecordedKeyKept() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        assertThat(sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD").status()).isZero();
        String knownHosts = read(cluster.sshDir().resolve("known_hosts"));
        a.newHostKey();
        a.restart();

        Run run = sshSetup("--hosts", a.destination());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.row(a)).contains(" CHANGED ", "host key CHANGED: " + a.knownHostsName() + " now presents ssh-ed25519 SHA256:",
                "not the key recorded in " + cluster.sshDir().resolve("known_hosts"),
                "ssh-keygen -R '" + a.knownHostsName() + "' -f " + cluster.sshDir().resolve("known_hosts"));
        assertThat(read(cluster.sshDir().resolve("known_hosts"))).isEqualTo(knownHosts);
    }

    @Test
    void theInsecureOptionWritesTheSeedsSettingsAcceptsAChangedKeyAndWarns() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        assertThat(sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD").status()).isZero();
        a.newHostKey();
        a.restart();

        Run run = sshSetup("--hosts", a.destination(), "--insecure-no-host-key-check");

        assertThat(run.status()).as(run.out()).isZero();
        assertThat(run.err()).contains("warning: --insecure-no-host-key-check", "StrictHostKeyChecking no", "ForwardAgent yes");
        assertThat(run.row(a)).contains("CHANGED, accepted", "ok (");
        String config = read(cluster.sshDir().resolve("config"));
        assertThat(config).contains("Host *\n    ForwardAgent yes\nHost *\n    StrictHostKeyChecking no\n");
        assertThat(count(config, SshConfigBlock.BEGIN)).as("the block replaced, not added").isEqualTo(1);
        assertThat(config).doesNotContain("accept-new");
    }

    @Test
    void rsaGivesAnRsa4096KeyThatOpenSshReadsAndMembersAccept() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");

        Run run = sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD", "--type", "rsa");

        assertThat(run.status()).as(run.out()).isZero();
        Path key = cluster.sshDir().resolve("id_rsa");
        assertThat(Commands.run("ssh-keygen", "-l", "-f", key.toString())).startsWith("4096 SHA256:").contains("(RSA)");
        assertThat(read(key)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(read(a.authorizedKeys())).startsWith("ssh-rsa ");
        assertThat(opensshLogin(a).status()).isZero();
    }

    @Test
    void anExistingKeyIsUsedAsItIsAndNarrowedTo600() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        Files.createDirectories(cluster.sshDir());
        Path key = cluster.sshDir().resolve("id_ed25519");
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "made-by-openssh", "-f", key.toString());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] before = Files.readAllBytes(key);

        Run run = sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD");

        assertThat(run.status()).as(run.out()).isZero();
        assertThat(run.out()).contains("key: using " + key, "key: set " + key + " to 600 (was 644)");
        assertThat(Files.readAllBytes(key)).isEqualTo(before);
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(read(a.authorizedKeys())).endsWith(" made-by-openssh\n");
    }

    @Test
    void aKeyWithAPassphraseIsRefusedBeforeAnyMemberIsTouched() throws IOException {
        LoopbackSshd.Node a = cluster.sshd().node("node-a");
        Files.createDirectories(cluster.sshDir());
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", cluster.sshDir().resolve("id_ed25519").toString());

        Run run = sshSetup("--hosts", a.destination(), "--password-env", "NODE_PASSWORD");

        assertThat(run.status()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(run.err()).contains("has a passphrase", "pass --key with another path");
        assertThat(a.authorizedKeys()).doesNotExist();
    }

    @Test
    void aMemberThatTakesOnlyKeysIsReachedWithTheAgentsKey() {
        LoopbackSshd.Node a = cluster.sshd().node("node-a", LoopbackSshd.NodeOptions.keysOnly());
        Path agentKey = cluster.leader().resolve("agent_key");
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "in-the-agent", "-f", agentKey.toString());
        a.writeHomeFile(".ssh/authorized_keys", read(cluster.leader().resolve("agent_key.pub")), "rw-------");
        Path socket = cluster.leader().resolve("agent.sock");
        Process agent = startAgent(socket);
        try {
            Commands.Result added = Commands.result(Map.of("SSH_AUTH_SOCK", socket.toString()), new byte[0], "ssh-add",
                    agentKey.toString());
            assertThat(added.status()).as(added.output()).isZero();
            environment.put("SSH_AUTH_SOCK", socket.toString());

            Run run = sshSetup("--hosts", a.destination());

            assertThat(run.status()).as(run.out()).isZero();
            assertThat(run.row(a)).contains("added", "ok (");
            assertThat(read(a.authorizedKeys()).lines()).hasSize(2);
        } finally {
            agent.destroy();
        }
    }

    private static Process startAgent(Path socket) {
        try {
            Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 200 && !Files.exists(socket); i++) {
                Thread.sleep(10);
            }
            return agent;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPasswordVariableThatIsNotSetIsAUsageError() {
        Run run = sshSetup("--hosts", "ncclkit-test@127.0.0.1:22", "--password-env", "NO_SUCH_VARIABLE_SET");

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--password-env NO_SUCH_VARIABLE_SET: the variable is not set");
        assertThat(cluster.sshDir()).doesNotExist();
    }

    @Test
    void aMalformedHostListIsAUsageError() {
        Run run = sshSetup("--hosts", "node[01-03,ncclkit-test@127.0.0.1:99999");

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("ncclkit: error: --hosts: ");
    }
}
