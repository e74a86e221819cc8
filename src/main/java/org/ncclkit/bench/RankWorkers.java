package org.ncclkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * One platform thread per {@code -t} thread, each driving its own GPUs (a CUDA context is current per thread).
 * {@link #onEach} runs a job on every worker and waits; {@link #barrier()} lines the workers up inside a job, and
 * then every process of the run, like nccl-tests' thread barrier followed by {@code MPI_Barrier}.
 */
final class RankWorkers implements AutoCloseable {
    /** How long {@link #stopThen} waits for the rank threads to leave NCCL before aborting under them. */
    private static final long STOP_WAIT_MILLIS = 3_000;
    private final List<ExecutorService> threads = new ArrayList<>();
    private final CyclicBarrier barrier;
    private final Runnable processBarrier;
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    RankWorkers(int count, Runnable processBarrier) {
        for (int i = 0; i < count; i++) {
            int index = i;
            threads.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "ncclkit-rank-thread-" + index);
                t.setDaemon(true);
                return t;
            }));
        }
        this.processBarrier = processBarrier;
        this.barrier = new CyclicBarrier(count, processBarrier); // the last thread to arrive lines up the processes
    }

    int count() {
        return threads.size();
    }

    /** Runs {@code job(threadIndex)} on every worker at once and returns the results in worker order. */
    <T> List<T> onEach(IntFunction<T> job) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            int index = i;
            running.incrementAndGet();
            futures.add(threads.get(i).submit(() -> {
                try {
                    return job.apply(index);
                } finally {
                    running.decrementAndGet();
                }
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                barrier.reset();
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for rank threads", e);
            }
        }
        return results;
    }

    /** Whether {@link #stopThen} was called: the rank threads check it between NCCL calls and leave. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Tells the rank threads to stop, gives them a few seconds to leave NCCL, then runs {@code abort} (the
     * ncclCommAbort calls): a communicator aborted under a thread that is still enqueueing on it crashes the process.
     * Only the first call does anything; safe from any thread.
     */
    synchronized void stopThen(Runnable abort) {
        if (stopping) {
            return;
        }
        stopping = true;
        awaitIdle(STOP_WAIT_MILLIS); // a thread stuck inside NCCL stays: abort is what unblocks it
        abort.run();
    }

    /** Waits at most {@code millis} for every running job to end. */
    private void awaitIdle(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            while (running.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every worker of every process reaches this point. */
    void barrier() {
        if (threads.size() == 1) {
            processBarrier.run();
            return;
        }
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException("another rank thread failed", e);
        }
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
    }
}
