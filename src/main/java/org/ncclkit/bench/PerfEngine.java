package org.ncclkit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;
import org.ncclkit.collective.ScalarBits;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaEvent;
import org.ncclkit.ffi.CudaGraph;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.NcclComm;
import org.ncclkit.ffi.UniqueId;
import org.ncclkit.gpu.VerifyKernels;

/**
 * Runs a {@code perf} sweep in this process with nccl-tests' method: warm-up, a host timer around {@code iters}
 * launches and a stream sync (or CUDA-graph replays with {@code -G}), then {@code -c} correctness checks on the
 * GPU. Each {@code -t} thread drives its {@code -g} GPUs; times are combined across ranks with {@code -a}.
 */
public final class PerfEngine implements AutoCloseable {
    private static final int POISON = 0xFF;
    /** Enough for HotSpot's C2 compiler: at least 600 calls of the loop and 15,000 calls and iterations in all. */
    private static final int COMPILER_WARM_UP_CALLS = 1_000;
    private static final int COMPILER_WARM_UP_ITERATIONS = 20;
    /** Calls timed first, to fit the rest of the warm-up into {@link #COMPILER_WARM_UP_SECONDS} on slow set-ups. */
    private static final int COMPILER_WARM_UP_PROBE_CALLS = 10;
    /** Ranks that share a GPU without MPS take milliseconds per operation: 1,000 calls would take minutes. */
    private static final double COMPILER_WARM_UP_SECONDS = 1.0;
    /** Large enough that every collective moves data on every rank (16 bytes per rank after rounding). */
    private static final long COMPILER_WARM_UP_BYTES = 64L * 1024;

    private final PerfConfig config;
    private final WorldPlacement world;
    private final RankWorkers workers;
    private final List<List<LocalRank>> ranksByThread = new ArrayList<>();
    private final List<LocalRank> allRanks = new ArrayList<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ncclkit-timeout");
        t.setDaemon(true);
        return t;
    });
    private final long bufferBytes;
    private volatile boolean timedOut;
    private boolean failed;
    private final RunReport.MemoryUsage memory;
    private Corruption corruption;
    /** Checks run so far: each check's seed, so that data left by any earlier check can never pass a later one. */
    private long checksRun;

    public PerfEngine(PerfConfig config, WorldPlacement world) {
        this.config = config;
        this.world = world;
        CudaDriver.init();
        int found = CudaDriver.deviceCount();
        int needed = world.firstDevice() + config.localRanks();
        if (needed > found) {
            throw new GpuCountException(config.localRanks(), found - world.firstDevice());
        }
        this.bufferBytes = config.maxBytes() + (long) config.unalignElements() * Long.BYTES;
        CudaDriver.setDevice(world.firstDevice());
        long atStart = usedMemory();
        UniqueId id = world.group().shareUniqueId(Nccl::uniqueId);
        NcclComm[] comms = initCommunicators(id);
        CudaDriver.setDevice(world.firstDevice());
        long afterComms = usedMemory();
        this.workers = new RankWorkers(config.threads(), world.group()::barrier);
        for (int t = 0; t < config.threads(); t++) {
            int thread = t;
            List<LocalRank> mine = workers.onEach(index -> index == thread ? createRanks(thread, comms) : null).get(thread);
            ranksByThread.add(mine);
            allRanks.addAll(mine);
        }
        CudaDriver.setDevice(world.firstDevice());
        long afterBuffers = usedMemory();
        this.memory = new RunReport.MemoryUsage(atStart, afterBuffers - afterComms, afterComms - atStart, afterBuffers);
    }

    private static long usedMemory() {
        long[] freeAndTotal = CudaDriver.memoryInfo();
        return freeAndTotal[1] - freeAndTotal[0];
    }

    /** GPU memory of the first local device: at start, used by NCCL's communicators, by our buffers, in total. */
    public RunReport.MemoryUsage memoryUsage() {
        return memory;
    }

    /** The lowest compute capability (×10) among this process's GPUs; fp8 needs 90. */
    public int minComputeCapability() {
        return allRanks.stream().mapToInt(r -> CudaDriver.attribute(r.device, CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) * 10
                + CudaDriver.attribute(r.device, CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)).min().orElse(0);
    }

    private NcclComm[] initCommunicators(UniqueId id) {
        int local = config.localRanks();
        NcclComm[] comms = new NcclComm[local];
        Nccl.groupStart();
        for (int i = 0; i < local; i++) {
            CudaDriver.setDevice(world.firstDevice() + i);
            comms[i] = Nccl.commInitRank(world.worldSize(), id, world.firstRank() + i);
        }
        Nccl.groupEnd();
        return comms;
    }

    private List<LocalRank> createRanks(int thread, NcclComm[] comms) {
        List<LocalRank> ranks = new ArrayList<>();
        for (int g = 0; g < config.gpusPerThread(); g++) {
            int slot = thread * config.gpusPerThread() + g;
            ranks.add(new LocalRank(world.firstDevice() + slot, world.firstRank() + slot, comms[slot], bufferBytes, bufferBytes));
        }
        return ranks;
    }

    /** The {@code # Using devices} lines of this process's ranks. */
    public List<DeviceLine> deviceLines(String hostname, long pid) {
        return allRanks.stream().map(r -> new DeviceLine(r.rank, 0, pid, hostname, r.device,
                CudaDriver.pciBusId(r.device), CudaDriver.deviceName(r.device))).toList();
    }

    /** Makes the first check of every row see this corruption: proves that it is reported. */
    public void corruptForTest(Corruption kind) {
        this.corruption = kind;
    }

    /** Runs every cycle, type, operation, root and size, handing each row to the listener as it is measured. */
    public List<ResultRow> run(Consumer<ResultRow> listener) {
        warmUpCompiler();
        List<ResultRow> rows = new ArrayList<>();
        for (int cycle = 0; config.runCycles() == 0 || cycle < config.runCycles(); cycle++) {
            for (DataType type : config.types()) {
                for (RedOp op : config.collective().reduces() ? config.ops() : List.of(RedOp.SUM)) {
                    for (int root : roots()) {
                        runSizes(type, op, root, listener, rows);
                    }
                }
            }
        }
        return rows;
    }

    private List<Integer> roots() {
        if (!config.collective().rooted()) {
            return List.of(-1);
        }
        if (config.root() >= 0) {
            return List.of(config.root());
        }
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < world.worldSize(); r++) {
            all.add(r);
        }
        return all;
    }

    private void runSizes(DataType type, RedOp op, int root, Consumer<ResultRow> listener, List<ResultRow> rows) {
        int[] ncclOps = workers.onEach(t -> createOps(t, type, op)).stream().flatMapToInt(java.util.Arrays::stream).toArray();
        try {
            warmUp(type, ncclOps, root);
            for (long size : config.sizes()) {
                BufferPlan plan = config.collective().plan(size, type, world.worldSize());
                Measurement outOfPlace = measure(plan, type, op, ncclOps, root, false);
                Measurement inPlace = measure(plan, type, op, ncclOps, root, true);
                ResultRow row = new ResultRow(plan.sizeBytes(type), plan.paramCount(), type.label(),
                        config.collective().tableRedop(op), config.collective().rooted() ? root : -1,
                        outOfPlace, inPlace, config.iterations(),
                        config.reportTimestamps() ? java.time.LocalDateTime.now().format(Timestamps.FORMAT) : null);
                rows.add(row);
                listener.accept(row);
            }
        } finally {
            workers.onEach(t -> destroyOps(t, op, ncclOps));
        }
    }

    /**
     * Runs the timed loop itself, on a small real size, until the JIT has compiled it: a C program is compiled before
     * it starts, Java code only after thousands of calls, and interpreted or deoptimized code would add microseconds
     * to the small sizes. A real size matters: a branch never taken during warm-up deoptimizes when first taken.
     */
    private void warmUpCompiler() {
        long start = System.nanoTime();
        warmUpCompiler(0, COMPILER_WARM_UP_PROBE_CALLS);
        // every process must make the same number of calls: they agree on the slowest one's time per call
        double secondsPerCall = world.group().combine(3, (System.nanoTime() - start) / 1e9 / COMPILER_WARM_UP_PROBE_CALLS);
        int calls = (int) Math.min(COMPILER_WARM_UP_CALLS, COMPILER_WARM_UP_SECONDS / secondsPerCall);
        warmUpCompiler(COMPILER_WARM_UP_PROBE_CALLS, calls);
    }

    private void warmUpCompiler(int from, int to) {
        BufferPlan small = config.collective().plan(Math.min(config.maxBytes(), COMPILER_WARM_UP_BYTES), DataType.FLOAT,
                world.worldSize());
        BufferPlan empty = config.collective().plan(0, DataType.FLOAT, world.worldSize()); // sweeps may start at 0 elements
        int[] sums = new int[allRanks.size()];
        java.util.Arrays.fill(sums, RedOp.SUM.ncclCode());
        workers.onEach(t -> {
            List<LocalRank> ranks = ranksByThread.get(t);
            Pointers p = pointers(t, small, DataType.FLOAT, sums, false);
            for (int i = from; i < to; i++) {
                BufferPlan plan = i % 10 == 0 ? empty : small;
                timedLaunches(ranks, p, plan, DataType.FLOAT, 0, 1, COMPILER_WARM_UP_ITERATIONS, null);
            }
            return null;
        });
    }

    /** nccl-tests' warm-up: {@code -w} operations at every size from min to max, doubling, out of place. */
    private void warmUp(DataType type, int[] ncclOps, int root) {
        if (config.warmupIterations() == 0) {
            return;
        }
        workers.onEach(t -> {
            List<LocalRank> ranks = ranksByThread.get(t);
            for (long size = config.minBytes(); size <= config.maxBytes(); size = Math.max(size * 2, 1)) {
                BufferPlan plan = config.collective().plan(size, type, world.worldSize());
                Pointers p = pointers(t, plan, type, ncclOps, false);
                for (int w = 0; w < config.warmupIterations(); w++) {
                    launch(ranks, p.send, p.recv, plan, type, p.ops, root, 1, w);
                }
                syncAll(ranks);
            }
            return null;
        });
    }

    /** The send and receive addresses and NCCL ops of one thread's ranks for a placement. */
    private Pointers pointers(int thread, BufferPlan plan, DataType type, int[] ncclOps, boolean inPlace) {
        List<LocalRank> ranks = ranksByThread.get(thread);
        Pointers p = new Pointers(new long[ranks.size()], new long[ranks.size()], new int[ranks.size()]);
        long unalign = (long) config.unalignElements() * type.bytes();
        for (int i = 0; i < ranks.size(); i++) {
            LocalRank r = ranks.get(i);
            p.recv[i] = r.recv.at(unalign + (inPlace ? plan.recvInPlaceOffset() * r.rank * type.bytes() : 0));
            p.send[i] = inPlace ? r.recv.at(unalign + plan.sendInPlaceOffset() * r.rank * type.bytes()) : r.send.at(unalign);
            p.ops[i] = ncclOps[thread * config.gpusPerThread() + i];
        }
        return p;
    }

    private int[] createOps(int thread, DataType type, RedOp op) {
        List<LocalRank> ranks = ranksByThread.get(thread);
        int[] ops = new int[ranks.size()];
        for (int i = 0; i < ranks.size(); i++) {
            LocalRank r = ranks.get(i);
            ops[i] = op == RedOp.MULSUM
                    ? Nccl.redOpCreatePreMulSum(ScalarBits.of(type, RedOp.preMulSumScalar(r.rank)), type.bytes(), type.ncclCode(), r.comm)
                    : op.ncclCode();
        }
        return ops;
    }

    private Void destroyOps(int thread, RedOp op, int[] ncclOps) {
        if (op == RedOp.MULSUM) {
            List<LocalRank> ranks = ranksByThread.get(thread);
            for (int i = 0; i < ranks.size(); i++) {
                Nccl.redOpDestroy(ncclOps[thread * config.gpusPerThread() + i], ranks.get(i).comm);
            }
        }
        return null;
    }

    private Measurement measure(BufferPlan plan, DataType type, RedOp op, int[] ncclOps, int root, boolean inPlace) {
        String what = config.collective().label() + " " + plan.sizeBytes(type) + " B " + (inPlace ? "in-place" : "out-of-place");
        var timeout = config.timeoutSeconds() > 0
                ? watchdog.schedule(this::abortAll, config.timeoutSeconds(), TimeUnit.SECONDS) : null;
        try {
            List<TimedResult> timed = workers.onEach(t -> timeThread(t, plan, type, ncclOps, root, inPlace));
            double seconds = world.group().combine(config.average(),
                    TimeAggregation.combine(config.average(), timed.stream().map(TimedResult::seconds).toList()));
            boolean checked = config.checkIterations() > 0 && (!inPlace || config.collective().checksInPlace());
            Long wrong = checked ? checkAll(plan, type, op, ncclOps, root, inPlace) : null;
            double algBw = config.collective().algorithmBytes(plan.paramCount(), type, world.worldSize()) / 1e9 / seconds;
            PerIterationStats perIteration = config.perIterationTiming()
                    ? PerIterationStats.of(maxPerIteration(timed), config.perIterationSkip()) : null;
            return new Measurement(seconds * 1e6, algBw, algBw * config.collective().busBandwidthFactor(world.worldSize()),
                    wrong, perIteration);
        } catch (RuntimeException e) {
            failed = true;
            if (timedOut) {
                throw new PerfTimeoutException(config.timeoutSeconds(), what);
            }
            throw e;
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    /** Each iteration's slowest rank, over this process's threads and then over every process. */
    private List<Double> maxPerIteration(List<TimedResult> timed) {
        double[] max = new double[timed.getFirst().iterationMicros().length];
        for (int i = 0; i < max.length; i++) {
            for (TimedResult t : timed) {
                max[i] = Math.max(max[i], t.iterationMicros()[i]);
            }
        }
        return java.util.Arrays.stream(world.group().maxEach(max)).boxed().toList();
    }

    /** Times one thread's ranks: warm-up, a barrier, then the timed launches and a sync of every stream. */
    private TimedResult timeThread(int thread, BufferPlan plan, DataType type, int[] ncclOps, int root, boolean inPlace) {
        List<LocalRank> ranks = ranksByThread.get(thread);
        Pointers p = pointers(thread, plan, type, ncclOps, inPlace);
        launch(ranks, p.send, p.recv, plan, type, p.ops, root, 1, 0); // one untimed operation, as nccl-tests does
        syncAll(ranks);
        workers.barrier();
        int agg = config.aggregatedIterations();
        if (config.cudaGraph()) {
            return timeGraph(ranks, p.send, p.recv, plan, type, p.ops, root);
        }
        double[] perIteration = new double[config.perIterationTiming() ? config.iterations() : 0];
        CudaEvent[] events = config.perIterationTiming() ? createEvents(ranks.getFirst(), config.iterations() + 1) : null;
        long elapsed = timedLaunches(ranks, p, plan, type, root, agg, config.iterations(), events);
        if (events != null) {
            for (int it = 0; it < config.iterations(); it++) {
                perIteration[it] = CudaDriver.eventElapsedMillis(events[it], events[it + 1]) * 1000.0 / agg;
            }
            for (CudaEvent e : events) {
                CudaDriver.eventDestroy(e);
            }
        }
        return new TimedResult(elapsed / 1e9 / ((double) config.iterations() * agg), perIteration);
    }

    /**
     * The timed loop: {@code iterations} launches (waiting after each with {@code -z}), then a wait for every
     * stream. Returns nanoseconds: to the end of the wait, to the last launch with {@code -C}, or of launches and
     * waits only with {@code -z 3}. Allocates nothing.
     */
    private long timedLaunches(List<LocalRank> ranks, Pointers p, BufferPlan plan, DataType type, int root, int agg,
                               int iterations, CudaEvent[] events) {
        long collectiveOnly = 0;
        long start = System.nanoTime();
        for (int it = 0; it < iterations; it++) {
            long iterationStart = System.nanoTime();
            if (events != null) {
                CudaDriver.eventRecord(events[it], ranks.getFirst().stream);
            }
            launch(ranks, p.send, p.recv, plan, type, p.ops, root, agg, it);
            if (config.blocking() > 0) {
                syncAll(ranks);
                collectiveOnly += System.nanoTime() - iterationStart;
                if (config.blocking() != 2) {
                    workers.barrier();
                }
            }
        }
        if (events != null) {
            CudaDriver.eventRecord(events[iterations], ranks.getFirst().stream);
        }
        long launched = System.nanoTime();
        syncAll(ranks);
        long end = System.nanoTime();
        return config.blocking() == 3 ? collectiveOnly : (config.reportCpuTime() ? launched : end) - start;
    }

    private TimedResult timeGraph(List<LocalRank> ranks, long[] send, long[] recv, BufferPlan plan, DataType type,
                                  int[] ops, int root) {
        int agg = config.aggregatedIterations();
        for (LocalRank r : ranks) {
            CudaDriver.setDevice(r.device);
            CudaDriver.beginCapture(r.stream);
        }
        try {
            for (int it = 0; it < config.iterations(); it++) {
                launch(ranks, send, recv, plan, type, ops, root, agg, it);
            }
        } catch (RuntimeException e) {
            try {
                destroyAll(endCaptures(ranks)); // a stream left capturing makes the ncclCommAbort that follows hang
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        CudaGraph[] graphs = endCaptures(ranks);
        try {
            for (int i = 0; i < graphs.length; i++) {
                CudaDriver.setDevice(ranks.get(i).device);
                graphs[i] = CudaDriver.instantiate(graphs[i]);
            }
            workers.barrier();
            long start = System.nanoTime();
            for (int l = 0; l < config.cudaGraphLaunches(); l++) {
                for (int i = 0; i < graphs.length; i++) {
                    if (graphs.length > 1) {
                        CudaDriver.setDevice(ranks.get(i).device); // the driver launches a graph in the current context
                    }
                    CudaDriver.graphLaunch(graphs[i], ranks.get(i).stream);
                }
            }
            long launched = System.nanoTime();
            syncAll(ranks);
            long end = System.nanoTime();
            long elapsed = (config.reportCpuTime() ? launched : end) - start;
            return new TimedResult(elapsed / 1e9 / ((double) config.iterations() * agg * config.cudaGraphLaunches()), new double[0]);
        } finally {
            destroyAll(graphs);
        }
    }

    /**
     * Ends the capture of every rank's stream, all of them before any graph is instantiated (CUDA refuses to
     * instantiate while another stream of the thread captures) and even when one fails; throws the first failure.
     */
    private static CudaGraph[] endCaptures(List<LocalRank> ranks) {
        CudaGraph[] graphs = new CudaGraph[ranks.size()];
        RuntimeException first = null;
        for (int i = 0; i < ranks.size(); i++) {
            try {
                CudaDriver.setDevice(ranks.get(i).device);
                graphs[i] = CudaDriver.endCapture(ranks.get(i).stream);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            destroyAll(graphs);
            throw first;
        }
        return graphs;
    }

    private static void destroyAll(CudaGraph[] graphs) {
        for (CudaGraph g : graphs) {
            if (g != null) {
                CudaDriver.graphDestroy(g);
            }
        }
    }

    /**
     * Enqueues {@code agg} operations (in one group when there are several, or several GPUs). Like nccl-tests, the
     * buffers move by one operation's size per iteration ({@code iteration % (maxBytes / size)}), so that repeated
     * operations do not reuse cached data.
     */
    private void launch(List<LocalRank> ranks, long[] send, long[] recv, BufferPlan plan, DataType type, int[] ops,
                        int root, int agg, int iteration) {
        requireNotStopping();
        long size = plan.sizeBytes(type);
        long steps = size == 0 ? 1 : Math.max(1, config.maxBytes() / size);
        boolean group = ranks.size() > 1 || agg > 1;
        if (group) {
            Nccl.groupStart();
        }
        for (int a = 0; a < agg; a++) {
            long shift = size * (((long) iteration * agg + a) % steps);
            for (int i = 0; i < ranks.size(); i++) {
                LocalRank r = ranks.get(i);
                CollectiveLauncher.enqueue(config.collective(), send[i] + shift, recv[i] + shift, plan, type, ops[i], root,
                        r.rank, world.worldSize(), r.comm, r.stream);
            }
        }
        if (group) {
            Nccl.groupEnd();
        }
    }

    /** Waits for every stream; gives up when the run is stopping. */
    private void syncAll(List<LocalRank> ranks) {
        LocalRank.awaitStreams(ranks, this::requireNotStopping);
    }

    private void requireNotStopping() {
        if (workers.stopping()) {
            throw new IllegalStateException(timedOut ? "timed out" : "the run is stopping: another rank failed");
        }
    }

    private static CudaEvent[] createEvents(LocalRank rank, int count) {
        CudaDriver.setDevice(rank.device);
        CudaEvent[] events = new CudaEvent[count];
        for (int i = 0; i < count; i++) {
            events[i] = CudaDriver.eventCreate();
        }
        return events;
    }

    /**
     * Runs the {@code -c} checks; stops at the first iteration that finds wrong elements on any rank, like nccl-tests.
     * Every check has a seed of its own (nccl-tests changes it per repetition): results left over from an earlier
     * check, in NCCL's buffers or ours, then differ from the expected ones.
     */
    private long checkAll(BufferPlan plan, DataType type, RedOp op, int[] ncclOps, int root, boolean inPlace) {
        for (int c = 0; c < config.checkIterations(); c++) {
            long previousSeed = checksRun;
            long seed = ++checksRun;
            Corruption corrupt = c == 0 ? corruption : null;
            long wrong = world.group().sum(workers.onEach(t -> checkThread(t, plan, type, op, ncclOps, root, inPlace,
                            seed, previousSeed, corrupt))
                    .stream().mapToLong(Long::longValue).sum());
            if (wrong > 0) {
                return wrong;
            }
        }
        return 0;
    }

    private long checkThread(int thread, BufferPlan plan, DataType type, RedOp op, int[] ncclOps, int root,
                             boolean inPlace, long seed, long previousSeed, Corruption corrupt) {
        List<LocalRank> ranks = ranksByThread.get(thread);
        int ranksInAll = world.worldSize();
        int operation = VerifyKernels.operationCode(config.collective(), op);
        Pointers p = pointers(thread, plan, type, ncclOps, inPlace);
        for (int i = 0; i < ranks.size(); i++) {
            LocalRank r = ranks.get(i);
            CudaDriver.setDevice(r.device);
            CudaDriver.memsetAsync(r.recv.address(), POISON, r.recv.bytes(), r.stream);
            int inputRank = corrupt == null ? r.rank : corrupt.inputRank(r.rank);
            r.kernels.fill(type, p.send[i], plan.sendCount(), seed, inputRank, ranksInAll, operation, r.stream);
        }
        syncAll(ranks);
        workers.barrier();
        launch(ranks, p.send, p.recv, plan, type, p.ops, root, 1, 0);
        long wrong = 0;
        for (int i = 0; i < ranks.size(); i++) {
            LocalRank r = ranks.get(i);
            ExpectedOutput expected = ExpectedOutput.of(config.collective(), plan, r.rank, ranksInAll, root, inPlace);
            CudaDriver.setDevice(r.device);
            if (corrupt != null) {
                corrupt.inject(r, p.recv[i], type, expected, previousSeed, ranksInAll, root, operation);
            }
            for (ExpectedOutput.Region region : expected.regions()) {
                wrong += r.kernels.countWrong(type, p.recv[i] + region.offset() * type.bytes(), region.count(), seed,
                        ranksInAll, region.expectation(), operation, r.wrongCounter, r.stream);
            }
        }
        return wrong;
    }

    private void abortAll() {
        timedOut = true;
        abortCommunicators();
    }

    /**
     * Ends every communicator of this process with ncclCommAbort, so that no GPU waits for a rank that is gone. The
     * rank threads are told to stop and get a few seconds to leave NCCL first: a communicator aborted under a thread
     * that is still enqueueing on it crashes the process. Safe to call more than once and from any thread.
     */
    public void abortCommunicators() {
        workers.stopThen(() -> allRanks.forEach(r -> Nccl.commAbort(r.comm)));
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        if (timedOut) {
            workers.close();
            return; // the communicators are aborted and the GPUs may be stuck: leave the rest to process exit
        }
        try {
            if (failed) {
                abortCommunicators();
            } else {
                for (LocalRank r : allRanks) {
                    Nccl.commDestroy(r.comm);
                }
            }
            workers.onEach(t -> {
                for (LocalRank r : ranksByThread.get(t)) {
                    r.close();
                }
                return null;
            });
        } finally {
            workers.close();
        }
    }

    private record TimedResult(double seconds, double[] iterationMicros) {
    }

    private record Pointers(long[] send, long[] recv, int[] ops) {
    }
}
