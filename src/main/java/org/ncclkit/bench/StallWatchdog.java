package org.ncclkit.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * nccl-tests' {@code -T} for every wait of a run: communicator init, warm-up, the timed loop, checks, graph capture and
 * the rendezvous rounds between them. The run names its current step and reports progress (a stream finished, a round
 * completed); when the step goes {@code limit} without progress, the handler is called once. A zero limit never fires.
 * Every rank takes the same steps: their count goes to {@code stepsTaken} (the rendezvous), to tell who is behind.
 */
public final class StallWatchdog implements AutoCloseable {
    private static final long MAX_CHECK_MILLIS = 200;

    private final Duration limit;
    private final StallHandler handler;
    private final LongConsumer stepsTaken;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile String step = "start-up";
    private volatile long lastProgress = System.nanoTime();
    private long steps;

    private StallWatchdog(Duration limit, StallHandler handler, LongConsumer stepsTaken) {
        this.limit = limit;
        this.handler = handler;
        this.stepsTaken = stepsTaken;
        if (limit.isZero()) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ncclkit-stall-watchdog");
            t.setDaemon(true);
            return t;
        });
        long every = Math.clamp(limit.toMillis() / 20, 10, MAX_CHECK_MILLIS);
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** Starts watching; {@code limit} zero (nccl-tests' {@code -T 0}) watches nothing but still counts the steps. */
    public static StallWatchdog start(Duration limit, StallHandler handler, LongConsumer stepsTaken) {
        if (limit.isNegative()) {
            throw new IllegalArgumentException("a stall limit cannot be negative: " + limit);
        }
        return new StallWatchdog(limit, handler, stepsTaken);
    }

    /** A new step begins (its name goes into the stall message); counts as progress. Called by one thread. */
    public void step(String what) {
        StepTrace.step(what);
        step = what;
        lastProgress = System.nanoTime();
        stepsTaken.accept(++steps);
    }

    /** The current step moved on. */
    public void progressed() {
        lastProgress = System.nanoTime();
    }

    /** Whether the handler was called. */
    public boolean fired() {
        return fired.get();
    }

    private void check() {
        if (System.nanoTime() - lastProgress > limit.toNanos() && fired.compareAndSet(false, true)) {
            handler.stalled(step, limit);
        }
    }

    /** Stops watching; a handler already running goes on (it ends the process), uninterrupted. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdown();
        }
    }
}
