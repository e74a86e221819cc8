package org.ncclkit.rendezvous;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rendezvous at scale: one server and N ranks (virtual threads of this JVM, each with its own loopback
 * connection). Prints the time to connect every rank, then the median of R rounds of broadcast(128 B)+barrier,
 * of gather (one ~40-byte line per rank) and of allReduce(SUM). Usage: {@code RendezvousBenchmark [RANKS] [ROUNDS]}.
 * Not a unit test: run it with docs/benchmark/rendezvous.sh.
 */
public final class RendezvousBenchmark {
    private RendezvousBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int ranks = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(120), Duration.ofMinutes(10),
                Duration.ofSeconds(1), Duration.ofSeconds(6));
        System.out.printf(Locale.ROOT, "rendezvous benchmark: %d ranks (threads of one JVM, loopback), %d rounds%n",
                ranks, rounds);
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s, Java %s (%s)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getVmName());

        // Every rank thread and the timing thread meet at this local barrier between phases, so that a phase's time
        // runs from the moment all ranks are released to the moment the last one is done.
        CyclicBarrier phase = new CyclicBarrier(ranks + 1);
        RendezvousClient[] clients = new RendezvousClient[ranks];
        byte[] id = RendezvousProbe.uniqueId();
        AtomicReference<List<byte[]>> gathered = new AtomicReference<>();

        try (RendezvousServer server = RendezvousServer.start(0, ranks, "benchmark", timeouts);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            RendezvousAddress address = new RendezvousAddress("localhost", server.port());
            List<Future<?>> rankThreads = new ArrayList<>();
            for (int r = 0; r < ranks; r++) {
                int rank = r;
                rankThreads.add(threads.submit(() -> {
                    phase.await();
                    clients[rank] = RendezvousClient.connect(address, "benchmark", rank, ranks, "bench-host",
                            1000 + rank, timeouts, failure -> System.err.println("abort: " + failure.describe()));
                    phase.await();
                    RendezvousClient c = clients[rank];
                    for (int i = 0; i < rounds; i++) {
                        phase.await();
                        byte[] received = c.broadcast(0, rank == 0 ? id : null);
                        c.barrier();
                        if (!Arrays.equals(received, id)) {
                            throw new IllegalStateException("rank " + rank + ": wrong broadcast data");
                        }
                        phase.await();
                    }
                    byte[] line = ("rank " + rank + " host bench-host pid " + (1000 + rank))
                            .getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < rounds; i++) {
                        phase.await();
                        List<byte[]> lines = c.gather(0, line);
                        if (rank == 0) {
                            gathered.set(lines);
                        }
                        phase.await();
                    }
                    for (int i = 0; i < rounds; i++) {
                        phase.await();
                        double sum = c.allReduce(1, Reduction.SUM);
                        if (sum != ranks) {
                            throw new IllegalStateException("rank " + rank + ": allReduce gave " + sum);
                        }
                        phase.await();
                    }
                    phase.await();
                    c.close();
                    phase.await();
                    return null;
                }));
            }

            double connect = timePhase(phase);
            System.out.printf(Locale.ROOT, "connect (all %d ranks, incl. hello):      %8.1f ms%n", ranks, connect);
            report("broadcast(128 B) + barrier", rounds, phase);
            report("gather (one line per rank) to rank 0", rounds, phase);
            if (gathered.get().size() != ranks) {
                throw new IllegalStateException("rank 0 gathered " + gathered.get().size() + " lines");
            }
            report("allReduce(SUM) of a double", rounds, phase);
            double close = timePhase(phase);
            System.out.printf(Locale.ROOT, "close (all clients say goodbye):           %8.1f ms%n", close);
            for (Future<?> f : rankThreads) {
                f.get();
            }
        }
    }

    private static void report(String what, int rounds, CyclicBarrier phase) throws Exception {
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            millis[i] = timePhase(phase);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        StringBuilder each = new StringBuilder();
        for (double m : millis) {
            each.append(String.format(Locale.ROOT, " %.1f", m));
        }
        System.out.printf(Locale.ROOT, "%-42s median %8.1f ms  (rounds:%s)%n", what + ":", sorted[rounds / 2], each);
    }

    /** Releases the ranks into the next phase and returns the milliseconds until all of them have finished it. */
    private static double timePhase(CyclicBarrier phase) throws Exception {
        phase.await();
        long start = System.nanoTime();
        phase.await();
        return (System.nanoTime() - start) / 1e6;
    }
}
