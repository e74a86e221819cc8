package org.ncclkit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ncclkit.cluster.Credentials;
import org.ncclkit.cluster.KnownHostsFile;
import org.ncclkit.cluster.Password;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshDirectory;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.cluster.ThisNode;

import picocli.CommandLine.Option;

/** Options shared by the commands that work on the nodes over SSH: {@code ssh-setup}, {@code hostfile}, {@code exec}. */
final class SshOptions {
    /** Exit status when at least one host failed (the table or summary names each one and why). */
    static final int SOME_HOST_FAILED = ExitCodes.INTERNAL;

    @Option(names = "--hosts", required = true, paramLabel = "LIST|FILE",
            description = "The nodes: h1,h2, a Slurm list like node[01-16], or a file (one per line, Open MPI "
                    + "'host slots=N' lines allowed); a host may be written user@host:port.")
    String hosts;

    @Option(names = {"-l", "--user"}, paramLabel = "USER",
            description = "Login name where a host names none (default: this user, ${DEFAULT-VALUE}).")
    String user = System.getProperty("user.name");

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "SSH port where a host names none (default: 22).")
    int port = SshTarget.SSH_PORT;

    @Option(names = "--ssh-dir", paramLabel = "DIR",
            description = "The leader's SSH folder with the key, known_hosts and config (default: ~/.ssh).")
    Path sshDir;

    @Option(names = "--parallel", paramLabel = "N", description = "Hosts worked on at once (default: ${DEFAULT-VALUE}).")
    int parallel = 32;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "Time to connect and log in to one host (default: 10).")
    double connectTimeout = 10;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Where no key is accepted, log in with the password in this environment variable "
                    + "(a password is never taken from the command line).")
    String passwordEnv;

    /** Set by the command that makes the SSH folder when it is missing (ssh-setup); the others need it to exist. */
    boolean createsSshDir;

    List<SshTarget> targets() {
        if (port < 1 || port > 65535) {
            throw new UsageException("--port " + port + " is not between 1 and 65535");
        }
        if (parallel < 1) {
            throw new UsageException("--parallel needs 1 or more, not " + parallel);
        }
        try {
            return SshTarget.parseAll(hosts, user, port);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UsageException("--hosts: " + e.getMessage());
        }
    }

    /** The SSH folder; an --ssh-dir that is a file, or that is missing where the command does not create it, is refused. */
    SshDirectory sshDirectory() {
        if (sshDir == null) {
            return SshDirectory.ofHome(Path.of(System.getProperty("user.home")));
        }
        if (Files.exists(sshDir) && !Files.isDirectory(sshDir)) {
            throw new UsageException("--ssh-dir " + sshDir + ": it is a file, not a folder");
        }
        if (!Files.exists(sshDir) && !createsSshDir) {
            throw new UsageException("--ssh-dir " + sshDir + ": no such folder (ssh-setup makes one)");
        }
        if (!Files.exists(sshDir) && !Files.isDirectory(sshDir.toAbsolutePath().getParent())) {
            throw new UsageException("--ssh-dir " + sshDir + ": folder " + sshDir.toAbsolutePath().getParent()
                    + " does not exist");
        }
        return new SshDirectory(sshDir);
    }

    /** An SSH client that checks host keys against the folder's known_hosts, recording a new host's key; this node's entry runs here. */
    SshClient client() {
        Path knownHosts = sshDirectory().knownHosts();
        try {
            return new SshClient(KnownHostsFile.load(knownHosts, KnownHostsFile.Policy.ACCEPT_NEW), connectTimeout())
                    .recognising(ThisNode.detect()); // the leader's own entry runs here, without sshd
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Whether the folder is the user's own ~/.ssh, where ssh looks without being told. */
    boolean defaultSshDirectory() {
        return sshDir == null || sshDir.toAbsolutePath().normalize()
                .equals(Path.of(System.getProperty("user.home"), ".ssh").toAbsolutePath().normalize());
    }

    Duration connectTimeout() {
        return seconds(connectTimeout, "--connect-timeout", false);
    }

    static Duration seconds(double value, String option, boolean zeroAllowed) {
        if (value < 0 || (!zeroAllowed && value == 0) || Double.isNaN(value) || value > 1_000_000) {
            throw new UsageException(option + " " + value + " is not a number of seconds" + (zeroAllowed ? " (0 for none)" : ""));
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    /** The password from --password-env; naming a variable that is not set is a usage error. */
    Optional<Password> password(Map<String, String> environment) {
        if (passwordEnv == null) {
            return Optional.empty();
        }
        String value = environment.get(passwordEnv);
        if (value == null) {
            throw new UsageException("--password-env " + passwordEnv + ": the variable is not set");
        }
        return Optional.of(Password.of(value));
    }

    /** The keys to log in with (those given first, then ssh's default keys), the agent, the password if given. */
    Credentials credentials(List<Path> firstKeys, Map<String, String> environment) {
        return Credentials.of(firstKeys, sshDirectory(), environment, password(environment));
    }
}
