package org.ncclkit.rendezvous;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** One daemon thread per JVM for heartbeats and round deadlines; its tasks only queue frames, never block. */
final class Timer {
    static final ScheduledThreadPoolExecutor SHARED = create();

    private Timer() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "ncclkit-rendezvous-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
