package org.ncclkit.rendezvous;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** A run whose ranks are virtual threads of this JVM: one server and {@code worldSize} connected clients. */
public final class ThreadRanks implements AutoCloseable {
    static final String TOKEN = "test-token";

    final RendezvousServer server;
    final RendezvousAddress address;
    final List<RendezvousClient> clients;
    final List<RankFailure> aborts = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    ThreadRanks(int worldSize, RendezvousTimeouts timeouts) {
        server = RendezvousServer.start(0, worldSize, TOKEN, timeouts);
        address = new RendezvousAddress("localhost", server.port());
        try {
            clients = onEachRank(worldSize, rank -> RendezvousClient.connect(address, TOKEN, rank, worldSize,
                    "host-" + rank, 1000 + rank, timeouts, aborts::add), Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public ThreadRanks(int worldSize) {
        this(worldSize, quick());
    }

    /** Short heartbeats and dead-peer time so that failure tests finish quickly; still generous for a busy CI. */
    static RendezvousTimeouts quick() {
        return new RendezvousTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofMillis(200),
                Duration.ofSeconds(3));
    }

    public RendezvousClient client(int rank) {
        return clients.get(rank);
    }

    int worldSize() {
        return clients.size();
    }

    /** Runs {@code job(rank)} for every rank at once and returns the results in rank order. */
    public <T> List<T> onEach(IntFunction<T> job) {
        return onEachRank(clients.size(), job, Duration.ofSeconds(60));
    }

    private <T> List<T> onEachRank(int count, IntFunction<T> job, Duration timeout) {
        List<Future<T>> futures = new ArrayList<>();
        for (int rank = 0; rank < count; rank++) {
            int r = rank;
            futures.add(threads.submit(() -> job.apply(r)));
        }
        List<T> results = new ArrayList<>(count);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<T> future : futures) {
                results.add(future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("ranks did not finish in " + timeout, e);
        }
        return results;
    }

    @Override
    public void close() {
        if (clients != null) {
            onEachRank(clients.size(), rank -> {
                clients.get(rank).close();
                return null;
            }, Duration.ofSeconds(30));
        }
        server.close();
        threads.shutdownNow();
    }
}
