package org.ncclkit.validate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.ncclkit.bench.StallWatchdog;

/**
 * The stall watchdog of one GPU step: a wait that goes {@code limit} without progress runs the action registered with
 * {@link #onStall} (aborting the step's communicators), so the step fails with NCCL's error instead of hanging.
 */
final class AbortOnStall implements AutoCloseable {
    private final AtomicReference<Runnable> action = new AtomicReference<>(() -> { });
    private final StallWatchdog watchdog;

    AbortOnStall(Duration limit) {
        this.watchdog = StallWatchdog.start(limit, (step, quiet) -> action.get().run(), steps -> { });
    }

    StallWatchdog watchdog() {
        return watchdog;
    }

    void onStall(Runnable abort) {
        action.set(abort);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
