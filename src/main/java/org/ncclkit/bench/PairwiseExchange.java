package org.ncclkit.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.ncclkit.check.CheckTimeoutException;
import org.ncclkit.check.PairSchedule;
import org.ncclkit.check.PeerMeasurement;
import org.ncclkit.check.RankPair;
import org.ncclkit.collective.DataType;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.NcclComm;
import org.ncclkit.ffi.UniqueId;
import org.ncclkit.gpu.VerifyKernels;
import org.ncclkit.gpu.VerifyKernels.Expectation;

/**
 * The GPU side of {@code check p2p} and of {@code validate}'s p2p step for this process's one rank: round after
 * round of the {@link PairSchedule} (or of pairs the caller chooses)
 * (every process lines up first, so rounds never overlap), it exchanges with that round's peer through grouped
 * {@code ncclSend}/{@code ncclRecv}, both directions at once: warm-up, {@code iterations} timed exchanges of the
 * large message and at least {@link #MIN_LATENCY_EXCHANGES} of the small one (a host timer around the launches and a
 * stream sync, as perf does), then it counts on the GPU the received elements that are not the peer's input. Placed
 * in {@code bench} to share perf's rank set-up, worker thread and abort.
 */
public final class PairwiseExchange implements AutoCloseable {
    private static final DataType TYPE = DataType.FLOAT;
    private static final int POISON = 0xFF;
    private static final int WARM_UP_EXCHANGES = 5;
    /**
     * Small exchanges in a rank's first round, before anything is timed, so that the JIT has compiled the loop: an
     * interpreted loop adds microseconds to the first rounds' latency. Both ranks of a pair make them when either is
     * new, so both always make the same calls.
     */
    private static final int COMPILER_WARM_UP_EXCHANGES = 300;
    /** Small exchanges take microseconds: at least this many keep the host timer's jitter to a few percent. */
    public static final int MIN_LATENCY_EXCHANGES = 100;

    private final WorldPlacement world;
    private final PairSchedule schedule;
    private final long count;
    private final int iterations;
    private final Duration pairLimit;
    private final RankWorkers worker;
    private final LocalRank rank;
    /** When the exchange with the current peer must have finished ({@link System#nanoTime()}). */
    private long pairDeadline;
    private int currentPeer;
    private boolean failed;
    /** Rounds run so far (each round's data differ by it) and the ranks that have exchanged in one. */
    private int roundsDone;
    private final Set<Integer> exchanged = new HashSet<>();

    /**
     * Makes the communicator (every process at once) and this rank's stream, buffers and kernels. The exchanges with
     * one peer must end within {@code pairLimit}, or the rank stops with a {@link CheckTimeoutException} naming the pair.
     */
    public PairwiseExchange(WorldPlacement world, long bytes, int iterations, Duration pairLimit) {
        this.world = world;
        this.schedule = PairSchedule.of(world.worldSize());
        this.count = bytes / TYPE.bytes();
        this.iterations = iterations;
        this.pairLimit = pairLimit;
        CudaDriver.init();
        int found = CudaDriver.deviceCount();
        if (world.firstDevice() >= found) {
            throw new GpuCountException(1, found - world.firstDevice());
        }
        UniqueId id = world.group().shareUniqueId(Nccl::uniqueId);
        CudaDriver.setDevice(world.firstDevice());
        NcclComm comm = Nccl.commInitRank(world.worldSize(), id, world.firstRank());
        this.worker = new RankWorkers(1, world.group()::barrier);
        long bufferBytes = count * TYPE.bytes();
        this.rank = worker.onEach(t -> new LocalRank(world.firstDevice(), world.firstRank(), comm, bufferBytes, bufferBytes)).getFirst();
    }

    /** The element type of the large message: its size must be a multiple of this many bytes. */
    public static int elementBytes() {
        return TYPE.bytes();
    }

    /** Runs every round of the {@link PairSchedule}; this rank's measurement with each of its peers, in round order. */
    public List<PeerMeasurement> run() {
        return onWorker(() -> {
            List<PeerMeasurement> measured = new ArrayList<>();
            for (List<RankPair> round : schedule.rounds()) {
                oneRound(round).ifPresent(measured::add);
            }
            return measured;
        });
    }

    /**
     * One round of pairs chosen by the caller (every process passes the same pairs); this rank's measurement with its
     * peer of the round, or empty when it has none.
     */
    public Optional<PeerMeasurement> exchange(List<RankPair> pairs) {
        return onWorker(() -> oneRound(pairs));
    }

    private <T> T onWorker(Supplier<T> job) {
        try {
            return worker.onEach(t -> job.get()).getFirst();
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private Optional<PeerMeasurement> oneRound(List<RankPair> pairs) {
        worker.barrier();
        int round = roundsDone++;
        Optional<PeerMeasurement> measured = pairs.stream().filter(p -> p.contains(rank.rank)).findFirst()
                .map(p -> exchangeWith(p.peerOf(rank.rank), round));
        pairs.forEach(p -> {
            exchanged.add(p.low());
            exchanged.add(p.high());
        });
        return measured;
    }

    private PeerMeasurement exchangeWith(int peer, int round) {
        currentPeer = peer;
        pairDeadline = System.nanoTime() + pairLimit.toNanos();
        long seed = round + 1;
        long small = PeerMeasurement.LATENCY_BYTES / TYPE.bytes();
        CudaDriver.setDevice(rank.device);
        rank.kernels.fill(TYPE, rank.send.address(), count, seed, rank.rank, world.worldSize(), VerifyKernels.COPY, rank.stream);
        CudaDriver.memsetAsync(rank.recv.address(), POISON, rank.recv.bytes(), rank.stream);
        boolean firstForEither = !exchanged.contains(rank.rank) || !exchanged.contains(peer);
        exchanges(peer, small, WARM_UP_EXCHANGES + (firstForEither ? COMPILER_WARM_UP_EXCHANGES : 0));
        exchanges(peer, count, WARM_UP_EXCHANGES);
        double bandwidthSeconds = exchanges(peer, count, iterations);
        double latencySeconds = exchanges(peer, small, Math.max(iterations, MIN_LATENCY_EXCHANGES));
        long wrong = rank.kernels.countWrong(TYPE, rank.recv.address(), count, seed, world.worldSize(),
                Expectation.copyOf(peer, 0), VerifyKernels.COPY, rank.wrongCounter, rank.stream);
        return new PeerMeasurement(peer, bandwidthSeconds, latencySeconds, wrong);
    }

    /** Launches {@code times} exchanges of {@code elements} with the peer and waits for them; seconds per exchange. */
    private double exchanges(int peer, long elements, int times) {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            requireNotStopping();
            Nccl.groupStart();
            Nccl.send(rank.send.address(), elements, TYPE.ncclCode(), peer, rank.comm, rank.stream);
            Nccl.recv(rank.recv.address(), elements, TYPE.ncclCode(), peer, rank.comm, rank.stream);
            Nccl.groupEnd();
        }
        LocalRank.awaitStreams(List.of(rank), this::requireNotStopping);
        return (System.nanoTime() - start) / 1e9 / times;
    }

    private void requireNotStopping() {
        if (worker.stopping()) {
            throw new IllegalStateException("the run is stopping: another rank failed");
        }
        if (System.nanoTime() - pairDeadline > 0) {
            String limit = BigDecimal.valueOf(pairLimit.toMillis(), 3).stripTrailingZeros().toPlainString();
            throw new CheckTimeoutException("the exchanges of rank " + rank.rank + " with rank " + currentPeer
                    + " did not finish within " + limit + " s (--timeout): the pair's link or one of its nodes hangs;"
                    + " communicator aborted");
        }
    }

    /**
     * Ends the communicator with ncclCommAbort, so that the GPU waits for no rank that is gone; the rank thread is told
     * to stop and gets a few seconds to leave NCCL first, as in perf. Safe to call more than once and from any thread.
     */
    public void abortCommunicator() {
        worker.stopThen(() -> Nccl.commAbort(rank.comm));
    }

    @Override
    public void close() {
        try {
            if (failed) {
                abortCommunicator();
            } else {
                Nccl.commDestroy(rank.comm);
            }
            worker.onEach(t -> {
                rank.close();
                return null;
            });
        } finally {
            worker.close();
        }
    }
}
