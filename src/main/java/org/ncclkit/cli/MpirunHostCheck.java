package org.ncclkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ncclkit.cluster.Credentials;
import org.ncclkit.cluster.KnownHostsFile;
import org.ncclkit.cluster.LaunchReadiness;
import org.ncclkit.cluster.RemoteNcclkit;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshConfigLookup;
import org.ncclkit.cluster.SshDirectory;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.cluster.ThisNode;
import org.ncclkit.launch.HostEntry;
import org.ncclkit.launch.LaunchEnvironmentException;
import org.ncclkit.launch.MpirunSsh;

/**
 * Logs in to every host of an mpirun but this one, before mpirun does and as its ssh will: a changed host key, a host
 * that cannot be reached, or no ncclkit (or another version) at the same path is one line per host, and mpirun is not
 * started.
 */
final class MpirunHostCheck {
    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final int PARALLEL = 32;

    private final Map<String, String> environment;
    private final Path sshDir;
    private final ThisNode thisNode;

    MpirunHostCheck(Map<String, String> environment, Path sshDir, ThisNode thisNode) {
        this.environment = environment;
        this.sshDir = sshDir;
        this.thisNode = thisNode;
    }

    /** Prints what it found on {@code err}; a {@link LaunchEnvironmentException} when any host is not ready. */
    void check(List<HostEntry> used, String program, Duration limit, PrintWriter err) {
        if (environment.containsKey("SLURM_JOB_ID")) {
            err.println("ncclkit mpirun: host check skipped: inside Slurm allocation " + environment.get("SLURM_JOB_ID")
                    + ", mpirun starts its daemons with srun, not ssh");
            return;
        }
        List<String> hosts = used.stream().map(HostEntry::host).filter(host -> !thisNode.isHost(host)).toList();
        if (hosts.isEmpty()) {
            return;
        }
        SshDirectory directory = new SshDirectory(sshDir);
        SshConfigLookup config;
        try {
            config = SshConfigLookup.read(MpirunSsh.configFile(environment).orElse(directory.config()), sshDir.getParent());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String user = System.getProperty("user.name");
        List<SshTarget> targets = hosts.stream().map(host -> config.target(host, user)).toList();
        String first = hosts.getFirst();
        Path knownHosts = config.knownHostsFile(first).orElse(directory.knownHosts());
        SshClient client = new SshClient(KnownHostsFile.load(knownHosts, config.strict(first)
                ? KnownHostsFile.Policy.STRICT : KnownHostsFile.Policy.ACCEPT_NEW), CONNECT);
        List<Path> identities = hosts.stream().flatMap(host -> config.identityFiles(host).stream()).distinct().toList();
        String versionLine = RemoteNcclkit.versionLine(Main.version());
        List<LaunchReadiness.HostCheck> checks = new LaunchReadiness(client,
                Credentials.of(identities, directory, environment, Optional.empty()), PARALLEL, limit)
                .check(targets, program, versionLine, check -> {
                    synchronized (err) {
                        err.println("ncclkit mpirun: " + check.target().label() + ": " + check.problem());
                        err.flush();
                    }
                });
        List<String> notReady = checks.stream().filter(check -> !check.ready()).map(check -> check.target().label()).toList();
        if (!notReady.isEmpty()) {
            throw new LaunchEnvironmentException(notReady.size() + " of " + checks.size() + " hosts cannot start ranks ("
                    + String.join(", ", notReady.stream().limit(8).toList()) + (notReady.size() > 8 ? ", ..." : "")
                    + "); mpirun was not started");
        }
        err.println("ncclkit mpirun: " + checks.size() + (checks.size() == 1 ? " host" : " hosts") + " ready: host keys as "
                + knownHosts + " records them, " + versionLine + " at " + program);
        err.flush();
    }
}
