package org.ncclkit.cluster;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

/**
 * A logged-in SSH connection to one node, on which commands run one after another. {@link #abort} may be called from
 * another thread (a time limit): it signals the running command and drops the connection.
 */
public final class SshSession implements NodeSession {
    private final SshTarget target;
    private final Session session;
    private volatile ChannelExec running;
    private volatile boolean aborted;
    /** {@link #terminate} or {@link #abort} was called: no command may start, one starting is signalled. */
    private volatile boolean stopping;

    SshSession(SshTarget target, Session session) {
        this.target = target;
        this.session = session;
    }

    @Override
    public SshTarget target() {
        return target;
    }

    /**
     * Runs a command (read by the user's login shell on the node, as {@code ssh host COMMAND} does) and hands each
     * line of its standard output and error to the consumers as it arrives, from two threads.
     */
    @Override
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
            if (stopping) {
                throw new SshFailure(SshFailure.Kind.TIMEOUT, "stopped");
            }
            channel.connect();
        } catch (JSchException | IOException e) {
            throw lost(e);
        }
        if (stopping) { // stopped while the command was starting, before the signal could reach it
            signal(channel);
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
        if (channel.getExitSignal() == null && !aborted) { // neither status nor signal: the connection went first
            throw new SshFailure(SshFailure.Kind.UNREACHABLE, "connection lost while the command ran (node down or cut"
                    + " off? " + KeepAlive.COUNT_MAX + " keep-alives went unanswered, or the server hung up)");
        }
        return new CommandExit(OptionalInt.empty(), Optional.ofNullable(channel.getExitSignal()));
    }

    /** Hands each line of a stream on until it ends or fails (a dropped connection, a stopped command). */
    static void forEachLine(InputStream stream, Consumer<String> lines) {
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

    /**
     * Copies a local file to {@code remotePath} over SFTP (the sshd's sftp subsystem), replacing a file there; a
     * failure is an {@link SshFailure} naming both paths.
     */
    public void upload(Path local, String remotePath) {
        ChannelSftp sftp = null;
        try {
            sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect();
            sftp.put(local.toString(), remotePath);
        } catch (JSchException | SftpException e) {
            if (aborted) {
                throw new SshFailure(SshFailure.Kind.TIMEOUT, "stopped", e);
            }
            throw new SshFailure(SshFailure.Kind.REMOTE, "copying " + local + " to " + target.label() + ":" + remotePath
                    + " over SFTP failed: " + e.getMessage(), e);
        } finally {
            if (sftp != null) {
                sftp.disconnect();
            }
        }
    }

    /** Sends SIGTERM to the running command (sshd passes it on) and drops the connection. */
    @Override
    public void abort() {
        aborted = true;
        terminate();
        session.disconnect();
    }

    /** Sends SIGTERM to the running command (sshd passes it on); its end closes the channel, and {@link #run} returns. */
    @Override
    public void terminate() {
        stopping = true;
        ChannelExec channel = running;
        if (channel != null) {
            signal(channel);
        }
    }

    private static void signal(ChannelExec channel) {
        if (channel.isConnected()) {
            try {
                channel.sendSignal("TERM");
            } catch (Exception e) {
                // the command or the connection has ended already
            }
        }
    }

    @Override
    public void close() {
        session.disconnect();
    }
}
