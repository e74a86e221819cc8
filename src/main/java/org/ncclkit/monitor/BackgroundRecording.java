package org.ncclkit.monitor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records a sampler to a file on a daemon thread, one interval at a time, until closed: what {@code perf --monitor FILE}
 * runs beside a benchmark so that a slow run can later be matched to a throttled or idle GPU.
 */
public final class BackgroundRecording implements AutoCloseable {
    private final Sampler sampler;
    private final Recorder recorder;
    private final Duration interval;
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private BackgroundRecording(Sampler sampler, Recorder recorder, Duration interval) {
        this.sampler = sampler;
        this.recorder = recorder;
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("monitor-recording").start(this::record);
    }

    /** Starts recording at once (a first reading right away, then one per interval). */
    public static BackgroundRecording start(Sampler sampler, Recorder recorder, Duration interval) {
        return new BackgroundRecording(sampler, recorder, interval);
    }

    private void record() {
        long start = System.nanoTime();
        try {
            for (long tick = 1; !stopping; tick++) {
                var samples = sampler.sample();
                if (samples.isEmpty() && sampler.finished()) {
                    return;
                }
                recorder.write(samples);
                long wait = start + tick * interval.toNanos() - System.nanoTime();
                synchronized (this) {
                    if (!stopping && wait > 0) {
                        wait(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** Why recording stopped early, or null. */
    public RuntimeException failure() {
        return failure.get();
    }

    /** Takes one last reading (so the end of the run is in the file), stops the thread and closes the file and sampler. */
    @Override
    public void close() {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        try {
            thread.join();
            if (failure.get() == null && !sampler.finished()) {
                recorder.write(sampler.sample());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            recorder.close();
            sampler.close();
        }
    }
}
