package org.ncclkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A command started in the background while a test does something to it (a fault, a signal): its output gathered as it
 * comes, every process it starts on this machine recorded by PID (to prove none is left), and a bounded wait for its
 * end. {@link #close} kills whatever is left.
 */
public final class RunningProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
    private final Thread tracker;
    private final long startNanos = System.nanoTime();

    private RunningProcess(Process process) {
        this.process = process;
        tree.add(process.toHandle());
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
        tracker = Thread.ofPlatform().daemon().name("process-tree").start(() -> {
            while (process.isAlive()) {
                process.descendants().forEach(tree::add);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    public static RunningProcess start(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        try {
            return new RunningProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pump(InputStream stream, StringBuffer into) {
        Thread.ofPlatform().daemon().name("process-output").start(() -> {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = stream.read(buffer)) >= 0; ) {
                    into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until its standard output or error contains the text; an error with the output if it does not in time. */
    public void awaitOutput(String text, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (!(out.toString().contains(text) || err.toString().contains(text))) {
            if (System.nanoTime() > end || !process.isAlive() && awaitExit(Duration.ofMillis(300))
                    && !(out.toString() + err).contains(text)) {
                throw new AssertionError("'" + text + "' did not appear within " + limit + "; output:\n" + out + err);
            }
            sleep(50);
        }
    }

    /** Waits for its end, up to the limit: whether it ended. */
    public boolean awaitExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int status() {
        return process.exitValue();
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** How long it has been running (or ran). */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** It and every process it started on this machine that is still alive, waiting up to the limit for them to go. */
    public List<ProcessHandle> survivors(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
            sleep(50);
        }
        return tree.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Everything it started that is still alive, with its command line, for a failure message. */
    public static String describe(List<ProcessHandle> processes) {
        return String.join("\n", processes.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    @Override
    public void close() {
        tracker.interrupt();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
