package org.ncclkit.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Commands on the leader itself, for a {@code --hosts} entry that names this node: run by {@code /bin/sh -c} with
 * this process's environment, as sshd would run them for a login on this node, without needing sshd or a key.
 */
public final class LocalSession implements NodeSession {
    private final SshTarget target;
    private volatile Process running;
    private volatile boolean aborted;

    LocalSession(SshTarget target) {
        this.target = target;
    }

    @Override
    public SshTarget target() {
        return target;
    }

    @Override
    public CommandExit run(String command, byte[] stdin, Consumer<String> outLines, Consumer<String> errLines) {
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command).start();
        } catch (IOException e) {
            throw new SshFailure(SshFailure.Kind.REMOTE, "cannot run /bin/sh on this node: " + e.getMessage(), e);
        }
        running = process;
        if (aborted) {
            process.destroy();
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin); // then end of file, so nothing waits on stdin
        } catch (IOException e) {
            // the command ended without reading its input
        }
        try {
            Thread errReader = Thread.ofVirtual().name("local-stderr").start(() -> SshSession.forEachLine(process.getErrorStream(), errLines));
            SshSession.forEachLine(process.getInputStream(), outLines);
            errReader.join();
            return CommandExit.of(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new SshFailure(SshFailure.Kind.TIMEOUT, "stopped", e);
        } finally {
            running = null;
        }
    }

    /** SIGTERM to the command and what it started, as sshd passes a signal on. */
    @Override
    public void abort() {
        aborted = true;
        Process process = running;
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    /** As {@link #abort}: a local command has no connection to drop, and {@link #run} waits for its end. */
    @Override
    public void terminate() {
        abort();
    }

    @Override
    public void close() {
        Process process = running;
        if (process != null && process.isAlive()) {
            abort();
        }
    }
}
