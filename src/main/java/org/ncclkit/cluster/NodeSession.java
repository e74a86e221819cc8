package org.ncclkit.cluster;

import java.util.function.Consumer;

/**
 * Where commands run on one node: over SSH ({@link SshSession}), or on the leader itself ({@link LocalSession}) when
 * a {@code --hosts} entry names this node, which then needs no sshd and no key of its own. {@link #abort} may be
 * called from another thread (a time limit).
 */
public interface NodeSession extends AutoCloseable {
    SshTarget target();

    /** Runs a command as a login shell reads it; each output line is handed on as it arrives, from two threads. */
    CommandExit run(String command, byte[] stdin, Consumer<String> outLines, Consumer<String> errLines);

    /** Runs a command to its end and keeps its output. */
    default CommandOutput capture(String command, byte[] stdin) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        CommandExit exit = run(command, stdin, line -> {
            synchronized (out) {
                out.append(line).append('\n');
            }
        }, line -> {
            synchronized (err) {
                err.append(line).append('\n');
            }
        });
        return new CommandOutput(exit, out.toString(), err.toString());
    }

    /** Sends SIGTERM to the running command and ends the session. */
    void abort();

    /**
     * Sends SIGTERM to the running command, or keeps one from starting, and leaves the session up, so that {@link #run}
     * returns once the command has ended: whoever stops it can then know that it is gone.
     */
    void terminate();

    @Override
    void close();
}
