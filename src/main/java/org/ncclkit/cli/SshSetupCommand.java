package org.ncclkit.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ncclkit.cluster.ClientKey;
import org.ncclkit.cluster.Credentials;
import org.ncclkit.cluster.FailureSummary;
import org.ncclkit.cluster.KeyType;
import org.ncclkit.cluster.KnownHostsFile;
import org.ncclkit.cluster.Password;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshConfigBlock;
import org.ncclkit.cluster.SshDirectory;
import org.ncclkit.cluster.SshSetup;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.cluster.ThisNode;
import org.ncclkit.files.FileProblem;
import org.ncclkit.info.Hostname;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit ssh-setup --hosts ...}: passwordless SSH from this node (the leader) to every member. */
@Command(name = "ssh-setup", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit ssh-setup --hosts 'node[01-16]'",
                "  ncclkit ssh-setup --hosts hosts --password-env NODE_PASSWORD",
                "  ncclkit ssh-setup --hosts 'admin@gpu-[01-04]:2222' --type rsa"},
        sortOptions = false,
        description = {"Set up passwordless SSH from this node (the leader) to every member, as the seed does by hand: "
                + "make a key without a passphrase if there is none (never overwriting one), add it to each member's "
                + "~/.ssh/authorized_keys (once) and repair the permissions sshd insists on, record each host key on "
                + "first contact, then log in to every member with the new key alone and run hostname, and write ncclkit's "
                + "block in ~/.ssh/config for the members that are ready (with keep-alives, so that ssh under mpirun "
                + "notices a lost node within 20 s).",
                "Members are reached with what you have: the key, ssh's default keys, the SSH agent, or a password "
                        + "(--password-env VAR, or asked once on the terminal).",
                "Exit status: 0 when every member is ready; 1 when any failed (the table says why); 6 for bad options."})
public final class SshSetupCommand implements Callable<Integer> {
    @Mixin
    SshOptions ssh;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Key type to make when there is none: ed25519 (default) or rsa (RSA 4096, the seed's choice).")
    String type = "ed25519";

    @Option(names = "--key", paramLabel = "FILE",
            description = "The private key to use or make (default: id_ed25519 or id_rsa in the SSH folder).")
    Path key;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit per host (default: 60).")
    double timeout = 60;

    @Option(names = "--insecure-no-host-key-check",
            description = "The seed's settings exactly: accept any host key, even a changed one (StrictHostKeyChecking "
                    + "no), and ForwardAgent yes, for every host. Anyone in the network path can then pose as a member.")
    boolean insecure;

    @Spec
    CommandSpec spec;

    // This node's facts, replaceable by tests.
    Map<String, String> environment = System.getenv();
    PasswordReader passwordReader = SshSetupCommand::readFromTerminal;

    /** Reads a password from a person, or says there is nobody to ask. */
    @FunctionalInterface
    interface PasswordReader {
        Optional<char[]> read(String prompt);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        KeyType keyType = switch (type) {
            case "ed25519" -> KeyType.ED25519;
            case "rsa" -> KeyType.RSA;
            default -> throw new UsageException("--type " + type + ": use ed25519 or rsa");
        };
        ssh.createsSshDir = true;
        List<SshTarget> targets = ssh.targets();
        Duration perHost = SshOptions.seconds(timeout, "--timeout", false);
        ssh.password(environment); // a --password-env naming an unset variable is refused before anything is changed
        if (insecure) {
            err.println("ncclkit ssh-setup: warning: --insecure-no-host-key-check: host keys are not checked "
                    + "(StrictHostKeyChecking no) and agent forwarding is on (ForwardAgent yes) for every host, as in the "
                    + "seed; anyone who can intercept the connection can pose as a member and use your agent");
            err.flush();
        }

        if (key != null && Files.isDirectory(key)) {
            throw new UsageException("--key " + key + ": it is a directory; name the private key file");
        }
        if (key != null && !Files.isDirectory(key.toAbsolutePath().getParent())) {
            throw new UsageException("--key " + key + ": folder " + key.toAbsolutePath().getParent() + " does not exist");
        }
        SshDirectory directory = ssh.sshDirectory();
        try {
            directory.ensurePrivate().ifPresent(done -> out.println("ssh folder: " + done));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the SSH folder " + directory.path() + " private (mode 700): "
                    + FileProblem.describe(directory.path(), e), e);
        }
        Path keyPath = key != null ? key : directory.defaultKey(keyType);
        ClientKey clientKey;
        try {
            clientKey = ClientKey.loadOrCreate(keyPath, keyType, System.getProperty("user.name") + "@" + Hostname.get());
        } catch (FileSystemException e) {
            // the JDK names only the file it failed on (a temporary one beside the key): say which key and why
            throw new UncheckedIOException("cannot make the key " + keyPath + ": " + FileProblem.describe(keyPath, e), e);
        }
        out.println("key: " + (clientKey.created() ? "made " : "using ") + clientKey.privateKey() + " ("
                + clientKey.type() + " " + clientKey.fingerprint() + ")");
        clientKey.permissionFix().ifPresent(fix -> out.println("key: " + fix));
        out.flush();

        KnownHostsFile knownHosts = KnownHostsFile.load(directory.knownHosts(),
                insecure ? KnownHostsFile.Policy.ACCEPT_ANY : KnownHostsFile.Policy.ACCEPT_NEW);
        SshClient client = new SshClient(knownHosts, ssh.connectTimeout());
        Credentials credentials = ssh.credentials(List.of(clientKey.privateKey()), environment);
        ThisNode thisNode = ThisNode.detect();
        List<SshTarget> members = targets.stream().filter(target -> !thisNode.is(target)).toList();
        Iterator<SshSetup.Row> memberRows = new SshSetup(client, clientKey, credentials, ssh.parallel, perHost)
                .run(members, refused -> askPassword(refused, err)).iterator();
        // the leader's own entry needs no login: ncclkit's commands run its part here
        List<SshSetup.Row> rows = targets.stream().map(target -> thisNode.is(target)
                ? new SshSetup.Row(target, "-", "-", "this node (no login needed)", null, List.of()) : memberRows.next()).toList();

        // Only the members that are ready go in the config: a failed host's user or port (a typo) must not become ssh's.
        List<SshTarget> ready = rows.stream().filter(SshSetup.Row::ok).map(SshSetup.Row::target).toList();
        if (ready.isEmpty()) {
            out.println("config: " + directory.config() + " left as it was: no host is ready");
        } else {
            SshConfigBlock.write(directory.config(), SshConfigBlock.render(ready, System.getProperty("user.name"),
                    clientKey.privateKey(), directory.knownHosts(), ssh.defaultSshDirectory(), insecure));
            out.println("config: ncclkit's block in " + directory.config() + " names the " + ready.size() + " ready "
                    + (ready.size() == 1 ? "host" : "hosts") + (insecure ? " (the seed's insecure settings)" : ""));
        }
        out.println();
        out.print(SshSetup.table(rows));
        for (SshSetup.Row row : rows) {
            for (String note : row.notes()) {
                out.println(row.target().label() + ": " + note);
            }
        }
        FailureSummary failures = new FailureSummary();
        rows.stream().filter(row -> !row.ok()).forEach(row -> failures.add(row.target(), row.error()));
        out.println();
        out.println(failures.isEmpty() ? "ready: " + rows.size() + " of " + rows.size() + " hosts take the key"
                : failures.count() + " of " + rows.size() + " hosts failed: " + failures);
        out.flush();
        return failures.isEmpty() ? ExitCodes.OK : SshOptions.SOME_HOST_FAILED;
    }

    private Optional<Password> askPassword(List<SshTarget> refused, PrintWriter err) {
        String who = refused.size() == 1 ? refused.getFirst().user() + "@" + refused.getFirst().host()
                : refused.size() + " hosts (" + refused.getFirst().user() + "@" + refused.getFirst().host() + ", ...)";
        err.flush();
        return passwordReader.read("Password for " + who + ": ").map(characters -> {
            Password password = Password.of(characters);
            java.util.Arrays.fill(characters, '\0');
            return password;
        });
    }

    private static Optional<char[]> readFromTerminal(String prompt) {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            return Optional.empty();
        }
        return Optional.ofNullable(console.readPassword("%s", prompt));
    }
}
