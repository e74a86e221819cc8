package org.ncclkit.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.ncclkit.rendezvous.RankFailure;

/**
 * Runs Open MPI's mpirun to an end that comes. Its standard output goes straight to ours; its standard error is passed
 * on line by line and watched for a rank's report that the run failed ({@link RankFailure#reportLine()}). Once a node
 * is lost, Open MPI's abort waits for that node's daemon for ever; so after a report mpirun gets {@link #GRACE} to end
 * by itself, then SIGTERM, then SIGKILL: it and every process it started on this node (the ssh to each node), which
 * are tracked by PID while it runs because they outlive a killed mpirun.
 */
public final class MpirunProcess {
    /** How long mpirun may take to end by itself once a rank has reported the run failed. */
    public static final Duration GRACE = Duration.ofSeconds(3);
    /** How long mpirun gets after SIGTERM before it and what it started are killed. */
    public static final Duration TERM_WAIT = Duration.ofSeconds(2);
    /** After Ctrl-C or a kill of ncclkit: mpirun then takes its ranks down on every reachable node, given the time. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final long TRACK_MILLIS = 200;

    /**
     * How the run ended.
     *
     * @param status  mpirun's exit status (after a stop, what the signal gave)
     * @param failure the first failure a rank reported, if any
     * @param stopped whether mpirun had to be stopped because it did not end by itself after that report
     */
    public record Outcome(int status, Optional<RankFailure> failure, boolean stopped) {
    }

    private final Process process;
    private final PrintWriter err;
    private final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
    private final AtomicReference<RankFailure> failure = new AtomicReference<>();
    private volatile long failureNanos;

    private final Consumer<String> out;

    private MpirunProcess(Process process, PrintWriter err, Consumer<String> out) {
        this.process = process;
        this.err = err;
        this.out = out;
    }

    /** Runs the command (mpirun and its arguments) with this terminal's input and output, its errors passed through. */
    public static Outcome run(List<String> command, PrintWriter err) {
        return run(command, err, null);
    }

    /**
     * The same, with each line of mpirun's standard output given to {@code out} (from one thread, in order) instead of
     * going to ours; null: to ours.
     */
    public static Outcome run(List<String> command, PrintWriter err, Consumer<String> out) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(out == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new LaunchEnvironmentException("cannot start " + command.getFirst() + ": " + e.getMessage());
        }
        MpirunProcess run = new MpirunProcess(process, err, out);
        Thread stopper = new Thread(() -> run.stop(STOP_WAIT), "stop-mpirun");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return run.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops mpirun
            }
        }
    }

    private Outcome await() {
        Thread pump = Thread.ofPlatform().daemon().name("mpirun-stderr").start(this::passErrors);
        Thread output = out == null ? null : Thread.ofPlatform().daemon().name("mpirun-stdout").start(this::passOutput);
        Thread tracker = Thread.ofPlatform().daemon().name("mpirun-children").start(this::track);
        boolean stopped = false;
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                long reported = failureNanos;
                if (reported != 0 && System.nanoTime() - reported > GRACE.toNanos()) {
                    stopped = true;
                    stop(TERM_WAIT);
                }
            }
            tracker.interrupt();
            killLeftovers();
            pump.join(2000); // the pipe closes once mpirun and the ssh it started (which share it) are gone
            if (output != null) {
                output.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(Duration.ZERO);
        }
        return new Outcome(process.isAlive() ? 128 + 9 : process.exitValue(), Optional.ofNullable(failure.get()), stopped);
    }

    /** Passes mpirun's standard error on, whole lines at a time, noting the first failure a rank reports. */
    private void passErrors() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
                RankFailure.fromReportLine(line).ifPresent(reported -> {
                    if (failure.compareAndSet(null, reported)) {
                        failureNanos = System.nanoTime();
                    }
                });
            }
        } catch (IOException e) {
            // mpirun is gone; its exit status tells the rest
        }
    }

    /** Gives {@code out} mpirun's standard output, whole lines at a time. */
    private void passOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                out.accept(line);
            }
        } catch (IOException e) {
            // mpirun is gone; its exit status tells the rest
        }
    }

    /** Records every process mpirun starts here, so that none is lost when mpirun dies before it. */
    private void track() {
        while (process.isAlive()) {
            process.descendants().forEach(started::add);
            try {
                Thread.sleep(TRACK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** SIGTERM to mpirun; after {@code wait}, SIGKILL to it and to everything it started here. */
    private void stop(Duration wait) {
        if (process.isAlive()) {
            process.descendants().forEach(started::add);
            process.destroy();
            try {
                process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.descendants().forEach(started::add);
            process.destroyForcibly();
        }
        killLeftovers();
    }

    /** What mpirun started and is still running once mpirun has ended (a handle never matches a reused PID). */
    private void killLeftovers() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (started.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
