package org.ncclkit.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.ncclkit.cluster.CommandExit;
import org.ncclkit.cluster.Credentials;
import org.ncclkit.cluster.HostDeadline;
import org.ncclkit.cluster.LocalSession;
import org.ncclkit.cluster.NodeSession;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshFailure;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.launch.NcclkitExecutable;
import org.ncclkit.launch.ShellWords;

/**
 * Runs {@code ncclkit monitor --agent} on every node over SSH and feeds what each streams into a {@link ClusterState},
 * under the name the leader knows the node by. A node whose agent cannot start or stops is marked down with the reason;
 * exit status 127 (the shell found no {@code ncclkit}) becomes "ncclkit not installed on HOST".
 */
public final class RemoteAgents implements AutoCloseable {
    /** What the shell returns for a command it cannot find. */
    static final int COMMAND_NOT_FOUND = 127;
    /** How long the agents get to end after SIGTERM, and then their follow threads after the connections drop. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ClusterState state;
    private final Clock clock;
    private final Map<SshTarget, NodeSession> sessions = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    private RemoteAgents(ClusterState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** The command run on each node. */
    public static String agentCommand(Duration interval) {
        return "ncclkit monitor --agent --interval " + String.format(Locale.ROOT, "%.3f", interval.toMillis() / 1000.0);
    }

    public static RemoteAgents start(SshClient client, Credentials credentials, List<SshTarget> targets, Duration interval,
                                     ClusterState state, Clock clock) {
        RemoteAgents agents = new RemoteAgents(state, clock);
        String command = agentCommand(interval);
        for (SshTarget target : targets) {
            state.expect(target.label(), clock.instant());
            agents.threads.add(Thread.ofVirtual().name("monitor-agent-" + target.label())
                    .start(() -> agents.follow(client, credentials, target, command)));
        }
        return agents;
    }

    private void follow(SshClient client, Credentials credentials, SshTarget target, String command) {
        String host = target.label();
        AtomicReference<String> lastError = new AtomicReference<>("");
        AtomicReference<String> failure = new AtomicReference<>("");
        try (NodeSession session = client.open(target, credentials, HostDeadline.none())) {
            sessions.put(target, session);
            if (closed) {
                return;
            }
            CommandExit exit = session.run(session instanceof LocalSession ? localCommand(command) : command, "".getBytes(StandardCharsets.UTF_8), line -> {
                state.heard(host, clock.instant());
                try {
                    switch (SampleJson.parse(line)) {
                        case AgentMessage.Sample(GpuSample sample) -> state.update(List.of(sample.onHost(host)), clock.instant());
                        case AgentMessage.Failure(String message) -> failure.set(message);
                        case AgentMessage.Hello hello -> { }
                    }
                } catch (IllegalArgumentException e) {
                    lastError.set("printed '" + Cells.fit(line, 60) + "' (" + e.getMessage() + ")");
                }
            }, line -> {
                if (!line.isBlank()) {
                    lastError.set(line.strip());
                }
            });
            if (closed) {
                return;
            }
            state.down(host, reason(host, exit, failure.get(), lastError.get()));
        } catch (SshFailure e) {
            if (!closed) {
                state.down(host, e.getMessage());
            }
        } finally {
            sessions.remove(target);
        }
    }

    /** On the leader, this very ncclkit runs the agent, whether or not one is on the PATH. */
    private static String localCommand(String command) {
        return ShellWords.join(NcclkitExecutable.command(System.getenv())) + command.substring("ncclkit".length());
    }

    static String reason(String host, CommandExit exit, String failure, String lastError) {
        if (exit.status().isPresent() && exit.status().getAsInt() == COMMAND_NOT_FOUND) {
            return "ncclkit not installed on " + host + " (not on the PATH of a non-interactive SSH login)";
        }
        String why = !failure.isEmpty() ? failure : lastError;
        return "monitor agent ended (" + exit.describe() + ")" + (why.isEmpty() ? "" : ": " + why);
    }

    /**
     * Stops every agent (SIGTERM through sshd) and waits up to {@link #STOP_WAIT} for them to end, so that none is left
     * running when the monitor has ended; then drops the connections, those of agents that did not end included.
     */
    @Override
    public void close() {
        closed = true;
        sessions.values().forEach(NodeSession::terminate);
        joinAll(STOP_WAIT);
        sessions.values().forEach(NodeSession::abort);
        joinAll(STOP_WAIT);
    }

    private void joinAll(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
