package org.ncclkit.cluster;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/**
 * A logged-in SSH connection to one node, on which commands run one after another. {@link #abort} may be called from
 * another thread (a time limit): it signals the running command and drops the connection.
 */
public final class SshSession implements AutoCloseable {
    private final SshTarget target;
    private final Session session;
    private volatile ChannelExec running;
    private volatile boolean aborted;

    SshSession(SshTarget target, Session session) {
        this.target = target;
        this.session = session;
    }

    public SshTarget target() {
        return target;
    }

    /** Runs a command to its end and keeps its output; stdin gets the bytes given, then end of file. */
    public CommandOutput capture(String command, byte[] stdin) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        CommandExit exit = run(command, stdin, line -> out.append(line).append('\n'), line -> err.append(line).append('\n'));
        return new CommandOutput(exit, out.toString(), err.toString());
    }

    /**
     * Runs a command (read by the user's login shell on the node, as {@code ssh host COMMAND} does) and hands each
     * line of its standard output and error to the consumers as it arrives, from two threads.
     */
    public CommandExit run(String command, byte[] stdin, Consumer<String> outLines, Consumer<String> errLines) {
        ChannelExec channel;
        InputStream out;
        InputStream err;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(new ByteArrayInputStream(stdin)); // then end of file, so nothing waits on stdin
            out = channel.getInputStream();
            err = channel.getErrStream();
            running = channel;
            if (aborted) {
                throw new SshFailure(SshFailure.Kind.TIMEOUT, "stopped");
            }
            channel.connect();
        } catch (JSchException | IOException e) {
            throw lost(e);
        }
        try {
            Thread errReader = Thread.ofVirtual().name("ssh-stderr-" + target.label()).start(() -> forEachLine(err, errLines));
            forEachLine(out, outLines);
            errReader.join();
            while (!channel.isClosed() && session.isConnected()) { // the exit status comes just before the close
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        } finally {
            running = null;
            channel.disconnect();
        }
        int status = channel.getExitStatus();
        if (status >= 0 && channel.isClosed()) {
            return CommandExit.of(status);
        }
        if (channel.getExitSignal() == null && !session.isConnected() && !aborted) {
            throw new SshFailure(SshFailure.Kind.UNREACHABLE, "connection lost while the command ran (node down or cut"
                    + " off? " + KeepAlive.COUNT_MAX + " keep-alives went unanswered, or the server hung up)");
        }
        return new CommandExit(OptionalInt.empty(), Optional.ofNullable(channel.getExitSignal()));
    }

    private static void forEachLine(InputStream stream, Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.accept(line);
            }
        } catch (IOException e) {
            // the connection was dropped (a time limit, the node went away): what arrived has been handed on
        }
    }

    private SshFailure lost(Exception e) {
        if (aborted) {
            return new SshFailure(SshFailure.Kind.TIMEOUT, "stopped", e);
        }
        return new SshFailure(SshFailure.Kind.PROTOCOL, "lost the SSH connection to " + target.label() + ": " + e.getMessage(), e);
    }

    /** Sends SIGTERM to the running command (sshd passes it on) and drops the connection. */
    public void abort() {
        aborted = true;
        ChannelExec channel = running;
        if (channel != null && channel.isConnected()) {
            try {
                channel.sendSignal("TERM");
            } catch (Exception e) {
                // the command or the connection has ended already
            }
        }
        session.disconnect();
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
