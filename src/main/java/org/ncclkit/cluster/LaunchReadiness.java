package org.ncclkit.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What mpirun needs of every host before it starts its daemons there over SSH, checked by ncclkit first so that a
 * problem gets one line naming the host instead of Open MPI's "ORTE was unable to reliably start one or more
 * daemons": a login with the host key that known_hosts records, and this ncclkit, in this version, at the same path.
 * Hosts are checked in parallel, each within its own time limit.
 */
public final class LaunchReadiness {
    private final SshClient client;
    private final Credentials credentials;
    private final int parallel;
    private final Duration timeout;

    public LaunchReadiness(SshClient client, Credentials credentials, int parallel, Duration timeout) {
        this.client = client;
        this.credentials = credentials;
        this.parallel = parallel;
        this.timeout = timeout;
    }

    /** One host's result; {@code problem} is null when it is ready. */
    public record HostCheck(SshTarget target, String problem) {
        public boolean ready() {
            return problem == null;
        }
    }

    /**
     * Checks every host for {@code program} printing {@code versionLine}; each host that is not ready is handed to
     * {@code notReady} as soon as it is known, then all results come back in the order of the hosts.
     */
    public List<HostCheck> check(List<SshTarget> targets, String program, String versionLine, Consumer<HostCheck> notReady) {
        Set<SshTarget> told = ConcurrentHashMap.newKeySet();
        Consumer<HostCheck> tell = check -> {
            if (told.add(check.target())) {
                notReady.accept(check);
            }
        };
        return FanOut.run(targets, parallel, timeout, (target, deadline) -> {
            String problem;
            try (SshSession session = client.connect(target, credentials, deadline)) {
                problem = problem(RemoteNcclkit.at(session, program), versionLine);
            } catch (SshFailure failure) {
                if (!deadline.expired()) {
                    tell.accept(new HostCheck(target, failure.getMessage()));
                }
                throw failure;
            }
            if (problem != null) {
                tell.accept(new HostCheck(target, problem));
            }
            return problem;
        }).stream().map(outcome -> {
            HostCheck check = new HostCheck(outcome.target(), outcome.ok() ? outcome.value() : outcome.failure().getMessage());
            if (!check.ready()) {
                tell.accept(check); // a time limit is known only here
            }
            return check;
        }).toList();
    }

    private static String problem(RemoteNcclkit.Installed installed, String versionLine) {
        if (installed.missing()) {
            return "no executable " + installed.path() + " there: every node needs the bundle at the same path as this "
                    + "one (ncclkit deploy --hosts ... copies it)";
        }
        if (!installed.runs()) {
            return installed.problem();
        }
        if (!installed.version().get().equals(versionLine)) {
            return installed.path() + " is " + installed.version().get() + ", this node runs " + versionLine
                    + " (ncclkit deploy --hosts ... replaces it)";
        }
        return null;
    }
}
