package org.ncclkit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One host's time limit as its task sees it: what to do when it passes (close the connection, signal the command),
 * registered as the task goes. The actions run once, on the timer's thread, last registered first (signal the command
 * before dropping its connection), and then the task's thread is interrupted.
 */
public final class HostDeadline {
    private final Duration limit;
    private final List<Runnable> onExpiry = new ArrayList<>();
    private boolean expired;
    private Thread owner;

    HostDeadline(Duration limit) {
        this.limit = limit;
    }

    /** No limit: nothing ever expires (for single calls outside a {@link FanOut}). */
    public static HostDeadline none() {
        return new HostDeadline(Duration.ZERO);
    }

    public Duration limit() {
        return limit;
    }

    /** Runs the action when the limit passes, or now if it has passed already. */
    public void onExpiry(Runnable action) {
        boolean runNow;
        synchronized (this) {
            runNow = expired;
            if (!runNow) {
                onExpiry.add(action);
            }
        }
        if (runNow) {
            action.run();
        }
    }

    public synchronized boolean expired() {
        return expired;
    }

    synchronized void start(Thread thread) {
        owner = thread;
    }

    synchronized void finish() {
        owner = null;
        onExpiry.clear();
    }

    void expire() {
        List<Runnable> actions;
        Thread thread;
        synchronized (this) {
            if (expired || owner == null) {
                return;
            }
            expired = true;
            actions = List.copyOf(onExpiry).reversed();
            thread = owner;
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // one failed clean-up must not keep the others from running
            }
        }
        thread.interrupt();
    }
}
