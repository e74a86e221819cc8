package org.ncclkit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one task per host, at most {@code parallel} at a time, each within its own time limit (counted from when it
 * starts, not from when it was queued). A host that fails or runs out of time gives its reason and never stops the
 * others; the outcomes come back in the order of the hosts.
 */
public final class FanOut {
    private FanOut() {
    }

    /** The work for one host; it registers what to close on expiry with the deadline. */
    @FunctionalInterface
    public interface HostTask<T> {
        T run(SshTarget target, HostDeadline deadline);
    }

    /** A host's result, or why there is none. */
    public record Outcome<T>(SshTarget target, T value, SshFailure failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    /** {@code timeout} of zero means no limit. */
    public static <T> List<Outcome<T>> run(List<SshTarget> targets, int parallel, Duration timeout, HostTask<T> task) {
        return run(targets, parallel, timeout, task, outcome -> { });
    }

    /** As {@link #run(List, int, Duration, HostTask)}, handing each host's outcome to {@code done} as soon as it has one. */
    public static <T> List<Outcome<T>> run(List<SshTarget> targets, int parallel, Duration timeout, HostTask<T> task,
                                           Consumer<Outcome<T>> done) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be 1 or more, not " + parallel);
        }
        Semaphore slots = new Semaphore(parallel);
        List<Outcome<T>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                     runnable -> Thread.ofPlatform().daemon().name("host-deadlines").unstarted(runnable))) {
            List<Future<Outcome<T>>> futures = new ArrayList<>();
            for (SshTarget target : targets) {
                futures.add(threads.submit(() -> {
                    slots.acquire();
                    try {
                        Outcome<T> outcome = runOne(target, timeout, task, timer);
                        done.accept(outcome);
                        return outcome;
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                outcomes.add(result(targets.get(i), futures.get(i)));
            }
        }
        return outcomes;
    }

    private static <T> Outcome<T> result(SshTarget target, Future<Outcome<T>> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return new Outcome<>(target, null, new SshFailure(SshFailure.Kind.PROTOCOL, String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome<>(target, null, new SshFailure(SshFailure.Kind.TIMEOUT, "interrupted"));
        }
    }

    private static <T> Outcome<T> runOne(SshTarget target, Duration timeout, HostTask<T> task,
                                         ScheduledExecutorService timer) {
        HostDeadline deadline = new HostDeadline(timeout);
        deadline.start(Thread.currentThread());
        ScheduledFuture<?> alarm = timeout.isZero() ? null
                : timer.schedule(deadline::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            T value = task.run(target, deadline);
            if (deadline.expired()) {
                return new Outcome<>(target, null, timedOut(timeout));
            }
            return new Outcome<>(target, value, null);
        } catch (SshFailure failure) {
            return new Outcome<>(target, null, deadline.expired() ? timedOut(timeout) : failure);
        } catch (RuntimeException e) {
            SshFailure failure = deadline.expired() ? timedOut(timeout)
                    : new SshFailure(SshFailure.Kind.PROTOCOL, e.getMessage() == null ? e.toString() : e.getMessage(), e);
            return new Outcome<>(target, null, failure);
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
            deadline.finish();
            Thread.interrupted(); // an expiry that raced with the end of the task must not leak into the next one
        }
    }

    private static SshFailure timedOut(Duration timeout) {
        return new SshFailure(SshFailure.Kind.TIMEOUT, "timed out after " + SshClient.seconds(timeout));
    }
}
