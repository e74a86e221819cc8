package org.ncclkit.bench;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import org.ncclkit.collective.AllToAllvPattern;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;
import org.ncclkit.collective.ScalarBits;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaEvent;
import org.ncclkit.ffi.CudaGraph;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.NativeException;
import org.ncclkit.ffi.NcclComm;
import org.ncclkit.ffi.NcclCommConfig;
import org.ncclkit.ffi.NcclVersion;
import org.ncclkit.ffi.UniqueId;
import org.ncclkit.gpu.VerifyKernels;
import org.ncclkit.info.Versions;

/**
 * Runs a {@code perf} sweep in this process with nccl-tests' method: warm-up, a host timer around {@code iters}
 * launches and a stream sync (or CUDA-graph replays with {@code -G}), then {@code -c} correctness checks on the
 * GPU. Each {@code -t} thread drives its {@code -g} GPUs; times are combined across ranks with {@code -a}. Every
 * wait, from communicator init to the last check, tells the run's {@link StallWatchdog} ({@code -T}) its progress.
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

    private PerfConfig config;
    private final WorldPlacement world;
    private final RankWorkers workers;
    private final List<List<LocalRank>> ranksByThread = new ArrayList<>();
    private final List<LocalRank> allRanks = new ArrayList<>();
    private final StallWatchdog stall;
    private final long bufferBytes;
    private boolean reducedMaxBytes;
    private boolean failed;
    private final RunReport.MemoryUsage memory;
    private Corruption corruption;
    /** Checks run so far: each check's seed, so that data left by any earlier check can never pass a later one. */
    private long checksRun;
    private final List<String> refusals = new ArrayList<>();
    /** Where {@link #run} prints the lines between rows. */
    private Consumer<String> lines = line -> { };

    /** Sets up this process's ranks; {@code stall} is the run's -T watchdog (its owner closes it). */
    public PerfEngine(PerfConfig requested, WorldPlacement world, StallWatchdog stall) {
        this.world = world;
        this.stall = stall;
        stall.step("CUDA init (cuInit)");
        CudaDriver.init();
        int found = CudaDriver.deviceCount();
        int needed = world.firstDevice() + requested.localRanks();
        if (needed > found) {
            throw new GpuCountException(needed, found); // nccl-tests counts from device 0: first device + GPUs asked for
        }
        this.config = fitToMemory(requested);
        this.bufferBytes = config.maxBytes() + (long) config.unalignElements() * Long.BYTES;
        CudaDriver.setDevice(world.firstDevice());
        long atStart = usedMemory();
        stall.step("communicator init (ncclGetUniqueId, ncclCommInitRank)");
        UniqueId id = shareUniqueId();
        this.workers = new RankWorkers(config.threads(), () -> {
            world.group().barrier();
            stall.progressed();
        });
        NcclComm[] comms = new NcclComm[config.localRanks()];
        int perThread = config.gpusPerThread();
        if (config.setup().parallelInit()) { // each thread joins its own communicators, as nccl-tests' -p 1
            workers.onEach(t -> initCommunicators(id, comms, t * perThread, perThread));
        } else {
            initCommunicators(id, comms, 0, comms.length);
        }
        stall.step("buffer allocation");
        CudaDriver.setDevice(world.firstDevice());
        long afterComms = usedMemory();
        for (int t = 0; t < config.threads(); t++) {
            int thread = t;
            List<LocalRank> mine = workers.onEach(index -> index == thread ? createRanks(thread, comms) : null).get(thread);
            ranksByThread.add(mine);
            allRanks.addAll(mine);
        }
        if (config.setup().registration() != CommunicatorSetup.NO_REGISTRATION) {
            if (config.setup().parallelInit()) {
                workers.onEach(t -> registerBuffers(ranksByThread.get(t)));
            } else {
                registerBuffers(allRanks);
            }
        }
        CudaDriver.setDevice(world.firstDevice());
        long afterBuffers = usedMemory();
        this.memory = new RunReport.MemoryUsage(atStart, afterBuffers - afterComms, afterComms - atStart, afterBuffers);
    }

    /**
     * The run with {@code -e} lowered to what the smallest GPU of the whole run can hold, by nccl-tests' rule
     * ({@link MemoryLimit}); {@link #reducedMaxBytes} says whether it was.
     */
    private PerfConfig fitToMemory(PerfConfig requested) {
        long smallest = Long.MAX_VALUE;
        for (int i = 0; i < requested.localRanks(); i++) {
            smallest = Math.min(smallest, CudaDriver.totalMemory(world.firstDevice() + i));
        }
        smallest = (long) world.group().combine(2, smallest); // GPU sizes are far below 2^53: exact in a double
        long limit = MemoryLimit.maxBytes(smallest, requested.checkIterations() > 0);
        this.reducedMaxBytes = requested.maxBytes() > limit;
        return reducedMaxBytes ? requested.withSizeRange(Math.min(requested.minBytes(), limit), limit) : requested;
    }

    /** Whether {@code -e} was lowered to fit GPU memory: print {@link MemoryLimit#reducedLine} below the devices. */
    public boolean reducedMaxBytes() {
        return reducedMaxBytes;
    }

    /** Measures only these types (nccl-tests leaves fp8 out of {@code -d all} below compute capability 9.0). */
    public void restrictTypes(List<DataType> types) {
        this.config = config.withTypes(types);
    }

    /** The run as measured: the requested one, with {@code -e} lowered where GPU memory is short. */
    public PerfConfig config() {
        return config;
    }

    /**
     * The id of this process's communicator: one for the whole run, or with {@code NCCL_TESTS_SPLIT} one per group,
     * made by the group's first process.
     */
    private UniqueId shareUniqueId() {
        if (!world.split(config.localRanks())) {
            return world.group().shareUniqueId(Nccl::uniqueId);
        }
        boolean leader = world.group().rank() == world.leaderProcess();
        List<String> ids = world.group().allGather(leader ? HexFormat.of().formatHex(Nccl.uniqueId().bytes()) : "");
        return new UniqueId(HexFormat.of().parseHex(ids.get(world.leaderProcess())));
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

    /**
     * Joins the communicators of slots {@code from} to {@code from + count - 1} in one group. Like nccl-tests built
     * against NCCL 2.28, with a configuration where NCCL has one: {@code -x}'s CTA policy, and NVLink-centric
     * scheduling from 2.28 on.
     */
    private Void initCommunicators(UniqueId id, NcclComm[] comms, int from, int count) {
        int ncclVersion = Nccl.version();
        boolean nvlinkCentric = ncclVersion >= NcclVersion.V2_28;
        int ctaPolicy = config.setup().ctaPolicy();
        boolean configured = Nccl.hasCommConfig() && (nvlinkCentric || ctaPolicy != CommunicatorSetup.UNSET_CTA_POLICY);
        NcclCommConfig settings = new NcclCommConfig(NcclCommConfig.UNSET,
                ctaPolicy == CommunicatorSetup.UNSET_CTA_POLICY ? NcclCommConfig.UNSET : ctaPolicy, nvlinkCentric);
        Nccl.groupStart();
        try {
            for (int i = from; i < from + count; i++) {
                CudaDriver.setDevice(world.firstDevice() + i);
                comms[i] = configured
                        ? Nccl.commInitRankConfig(world.worldSize(), id, world.firstRank() + i, settings)
                        : Nccl.commInitRank(world.worldSize(), id, world.firstRank() + i);
            }
        } finally {
            Nccl.groupEnd();
        }
        return null;
    }

    /**
     * nccl-tests' {@code -R}: registers every send and receive buffer (its {@code -e} bytes) with the rank's
     * communicator, in one group, as symmetric windows with {@code -R 2}.
     */
    private Void registerBuffers(List<LocalRank> ranks) {
        boolean symmetric = config.setup().registration() == CommunicatorSetup.SYMMETRIC_REGISTRATION;
        Nccl.groupStart();
        try {
            for (LocalRank r : ranks) {
                CudaDriver.setDevice(r.device);
                for (long address : new long[] {r.send.address(), r.recv.address()}) {
                    r.registrations.add(symmetric ? Nccl.commWindowRegister(r.comm, address, config.maxBytes())
                            : Nccl.commRegister(r.comm, address, config.maxBytes()));
                }
            }
        } finally {
            Nccl.groupEnd();
        }
        return null;
    }

    private List<LocalRank> createRanks(int thread, NcclComm[] comms) {
        List<LocalRank> ranks = new ArrayList<>();
        for (int g = 0; g < config.gpusPerThread(); g++) {
            int slot = thread * config.gpusPerThread() + g;
            ranks.add(new LocalRank(world.firstDevice() + slot, world.firstRank() + slot, comms[slot], bufferBytes,
                    bufferBytes, config.setup().nullStream()));
        }
        return ranks;
    }

    /** The {@code # Using devices} lines of this process's ranks. */
    public List<DeviceLine> deviceLines(String hostname, long pid) {
        List<DeviceLine> lines = new ArrayList<>();
        for (int i = 0; i < allRanks.size(); i++) {
            int device = allRanks.get(i).device;
            lines.add(new DeviceLine(world.firstWorldRank() + i, world.color(), pid, hostname, device,
                    CudaDriver.pciBusId(device), CudaDriver.deviceName(device)));
        }
        return lines;
    }

    /** Makes the first check of every row see this corruption: proves that it is reported. */
    public void corruptForTest(Corruption kind) {
        this.corruption = kind;
    }

    /** Runs every type, operation, root, cycle and size, handing each row to the listener as it is measured. */
    public List<ResultRow> run(Consumer<ResultRow> listener) {
        return run(listener, line -> { });
    }

    /**
     * The same, in nccl-tests' order (type, operation, root, then {@code -N} cycles of the sizes), handing the lines
     * printed between rows (a pair NCCL refuses, a hypercube of the wrong size) to {@code lines} without newline.
     */
    public List<ResultRow> run(Consumer<ResultRow> listener, Consumer<String> lines) {
        this.lines = lines;
        List<ResultRow> rows = new ArrayList<>();
        int ranks = world.worldSize();
        if (config.collective() == Collective.HYPERCUBE && Integer.bitCount(ranks) != 1) {
            lines.accept("nRanks " + ranks + " is not a power of 2, skipping");
            return rows;
        }
        warmUpCompiler();
        boolean opsMatter = config.collective().reduces() || config.collective() == Collective.SENDRECV;
        for (DataType type : config.types()) {
            for (RedOp op : opsMatter ? config.ops() : List.of(RedOp.SUM)) {
                if (opsMatter && refusedByNccl(type, op)) {
                    lines.accept("# skipping " + type.label() + " " + op.label() + ": not supported by NCCL "
                            + Versions.nccl(Nccl.version()));
                    continue;
                }
                for (int root : roots()) {
                    runSizes(type, op, root, listener, rows);
                }
            }
        }
        return rows;
    }

    /** NCCL's messages for the pairs it refused: they are not errors of the run. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /**
     * Whether NCCL refuses this type with this operation (an fp8 average, say, or a PreMulSum it cannot make, which
     * sendrecv creates too): asked with one operation of the smallest size that moves data, since NCCL checks the
     * pair only for non-empty operations. NCCL refuses before it enqueues anything, so the communicator stays
     * usable; every process learns whether any refused.
     */
    private boolean refusedByNccl(DataType type, RedOp op) {
        BufferPlan plan = config.sizes().stream().map(size -> config.collective().plan(size, type, world.worldSize()))
                .filter(p -> p.paramCount() > 0).findFirst().orElse(null);
        if (plan == null) {
            return false; // no size moves data: NCCL never sees the pair
        }
        String refusal = null;
        int[] ncclOps = null;
        try {
            ncclOps = workers.onEach(t -> createOps(t, type, op)).stream().flatMapToInt(java.util.Arrays::stream).toArray();
            int[] created = ncclOps;
            refusal = workers.onEach(t -> probe(t, plan, type, created)).stream().filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
        } catch (NativeException e) {
            if (e.code() != Nccl.INVALID_ARGUMENT) {
                throw e;
            }
            refusal = e.getMessage();
        } finally {
            if (ncclOps != null) {
                int[] created = ncclOps;
                workers.onEach(t -> destroyOps(t, op, created));
            }
        }
        boolean refused = world.group().combine(3, refusal != null ? 1 : 0) > 0;
        if (refused) {
            refusals.add(Nccl.lastError(null));
        }
        return refused;
    }

    /** One operation on this thread's ranks; NCCL's message if it refused the arguments, else null. */
    private String probe(int thread, BufferPlan plan, DataType type, int[] ncclOps) {
        List<LocalRank> ranks = ranksByThread.get(thread);
        Pointers p = pointers(thread, plan, type, ncclOps, false);
        String refusal = null;
        Nccl.groupStart();
        try {
            for (int i = 0; i < ranks.size(); i++) {
                LocalRank r = ranks.get(i);
                try {
                    CollectiveLauncher.enqueue(config.collective(), p.send[i], p.recv[i], plan, type, p.ops[i], 0,
                            r.rank, world.worldSize(), r.comm, r.stream);
                } catch (NativeException e) {
                    if (e.code() != Nccl.INVALID_ARGUMENT) {
                        throw e;
                    }
                    refusal = e.getMessage();
                }
            }
        } finally {
            try {
                Nccl.groupEnd();
            } catch (NativeException e) {
                if (refusal == null || e.code() != Nccl.INVALID_ARGUMENT) {
                    throw e; // the group's end repeats a refusal seen above; anything else is a real failure
                }
            }
        }
        syncAll(ranks);
        return refusal;
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
            for (int cycle = 0; config.runCycles() == 0 || cycle < config.runCycles(); cycle++) {
                for (long size : config.sizes()) {
                    ResultRow row = measureRow(size, type, op, ncclOps, root);
                    rows.add(row);
                    listener.accept(row);
                }
            }
        } finally {
            workers.onEach(t -> destroyOps(t, op, ncclOps));
        }
    }

    private ResultRow measureRow(long size, DataType type, RedOp op, int[] ncclOps, int root) {
        BufferPlan plan = config.collective().plan(size, type, world.worldSize());
        Measurement outOfPlace = measure(plan, type, op, ncclOps, root, false);
        Measurement inPlace = measure(plan, type, op, ncclOps, root, true);
        return new ResultRow(plan.sizeBytes(type), plan.paramCount(), type.label(),
                config.collective().tableRedop(op), config.collective().rooted() ? root : -1,
                outOfPlace, inPlace, config.iterations(),
                config.reportTimestamps() ? java.time.LocalDateTime.now().format(Timestamps.FORMAT) : null);
    }

    /**
     * Runs the timed loop itself, on a small real size, until the JIT has compiled it: a C program is compiled before
     * it starts, Java code only after thousands of calls, and interpreted or deoptimized code would add microseconds
     * to the small sizes. A real size matters: a branch never taken during warm-up deoptimizes when first taken.
     */
    private void warmUpCompiler() {
        stall.step("compiler warm-up (float sum, " + Math.min(config.maxBytes(), COMPILER_WARM_UP_BYTES) + " B)");
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
            long[] launchNanos = new long[1];
            for (int i = from; i < to; i++) {
                BufferPlan plan = i % 10 == 0 ? empty : small;
                timedLaunches(ranks, p, plan, DataType.FLOAT, 0, 1, COMPILER_WARM_UP_ITERATIONS, null, launchNanos);
            }
            return null;
        });
    }

    /** nccl-tests' warm-up: {@code -w} operations at every size from min to max, doubling, out of place. */
    private void warmUp(DataType type, int[] ncclOps, int root) {
        if (config.warmupIterations() == 0) {
            return;
        }
        stall.step("warm-up (" + type.label() + ")");
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
        String what = config.collective().label() + " " + plan.sizeBytes(type) + " B " + type.label() + " "
                + (inPlace ? "in-place" : "out-of-place");
        try {
            stall.step(what + (config.cudaGraph() ? " (CUDA graph capture and replay)" : " (timed loop)"));
            List<TimedResult> timed = workers.onEach(t -> timeThread(t, plan, type, ncclOps, root, inPlace));
            double seconds = world.group().combine(config.average(),
                    TimeAggregation.combine(config.average(), timed.stream().map(TimedResult::seconds).toList()));
            // -C shows the launch time of this process's first thread, not combined across ranks, and leaves the
            // bandwidth to the full time: nccl-tests reduces only the latter across ranks
            double shownSeconds = config.reportCpuTime() ? timed.getFirst().cpuSeconds() : seconds;
            boolean checked = config.checkIterations() > 0 && (!inPlace || config.collective().checksInPlace());
            stall.step(what + " (correctness check)");
            CheckOutcome check = checked ? checkAll(plan, type, op, ncclOps, root, inPlace) : null;
            double algBw = config.collective().algorithmBytes(plan.paramCount(), type, world.worldSize()) / 1e9 / seconds;
            if (config.collective() == Collective.ALLTOALLV && AllToAllvPattern.active().printSummary()) {
                // nccl-tests prints these inside the row it is writing; ncclkit prints whole rows, so before it
                AllToAllvPattern.active().summary(world.worldSize(), plan.paramCount() * world.worldSize() * type.bytes(),
                        seconds).forEach(lines);
            }
            PerIterationStats perIteration = config.perIterationTiming() ? perIterationStats(timed) : null;
            return new Measurement(shownSeconds * 1e6, algBw,
                    algBw * config.collective().busBandwidthFactor(world.worldSize()),
                    check == null ? null : check.wrong(), perIteration, check == null ? 0 : check.failedThreads());
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Each iteration's slowest rank: over this process's GPUs and threads, then over every process; every
     * process's own row is kept for {@code per_process_max_times_us}.
     */
    private PerIterationStats perIterationStats(List<TimedResult> timed) {
        double[] mine = new double[timed.getFirst().iterationMicros().length];
        for (int i = 0; i < mine.length; i++) {
            for (TimedResult t : timed) {
                mine[i] = Math.max(mine[i], t.iterationMicros()[i]);
            }
        }
        String encoded = String.join(",", java.util.Arrays.stream(mine).mapToObj(Double::toString).toList());
        List<List<Double>> perProcess = world.group().allGather(encoded).stream()
                .map(row -> row.isEmpty() ? List.<Double>of()
                        : java.util.Arrays.stream(row.split(",")).map(Double::valueOf).toList())
                .toList();
        List<Double> max = new ArrayList<>();
        for (int i = 0; i < mine.length; i++) {
            int iteration = i;
            max.add(perProcess.stream().mapToDouble(row -> row.get(iteration)).max().orElse(0));
        }
        return PerIterationStats.of(max, config.perIterationSkip(), perProcess);
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
        // -I: events on every GPU of the thread, each iteration's time the slowest GPU's, as nccl-tests records them;
        // with -z 3 a start and a stop per iteration, so that the barrier between iterations is left out
        boolean paired = config.blocking() == 3;
        int iterations = config.iterations();
        CudaEvent[][] events = config.perIterationTiming()
                ? createEvents(ranks, paired ? 2 * iterations : iterations + 1) : null;
        long[] launchNanos = new long[1];
        long elapsed = timedLaunches(ranks, p, plan, type, root, agg, iterations, events, launchNanos);
        double[] perIteration = new double[events == null ? 0 : iterations];
        if (events != null) {
            for (int g = 0; g < events.length; g++) {
                CudaEvent[] gpu = events[g];
                CudaDriver.setDevice(ranks.get(g).device);
                for (int it = 0; it < iterations; it++) {
                    CudaEvent start = gpu[paired ? 2 * it : it];
                    CudaEvent stop = gpu[paired ? 2 * it + 1 : it + 1];
                    perIteration[it] = Math.max(perIteration[it], CudaDriver.eventElapsedMillis(start, stop) * 1000.0 / agg);
                }
                for (CudaEvent e : gpu) {
                    CudaDriver.eventDestroy(e);
                }
            }
        }
        double operations = (double) config.iterations() * agg;
        return new TimedResult(elapsed / 1e9 / operations, launchNanos[0] / 1e9 / operations, perIteration);
    }

    /**
     * The timed loop: {@code iterations} launches, then a wait for every stream. Returns nanoseconds to the end of
     * the wait, or of launches and waits only with {@code -z 3}; {@code launchNanos[0]} gets the time to the last
     * launch ({@code -C}'s CPU time; the same as the return value with {@code -z 3}). Allocates nothing.
     */
    private long timedLaunches(List<LocalRank> ranks, Pointers p, BufferPlan plan, DataType type, int root, int agg,
                               int iterations, CudaEvent[][] events, long[] launchNanos) {
        long collectiveOnly = 0;
        long start = System.nanoTime();
        for (int it = 0; it < iterations; it++) {
            long iterationStart = System.nanoTime();
            boolean paired = config.blocking() == 3;
            if (events != null) {
                recordEvents(ranks, events, paired ? 2 * it : it);
            }
            launch(ranks, p.send, p.recv, plan, type, p.ops, root, agg, it);
            if (paired) {
                syncAll(ranks);
                if (events != null) {
                    recordEvents(ranks, events, 2 * it + 1);
                }
                collectiveOnly += System.nanoTime() - iterationStart;
                workers.barrier();
            }
        }
        if (events != null && config.blocking() != 3) {
            recordEvents(ranks, events, iterations);
        }
        long launched = System.nanoTime();
        syncAll(ranks);
        long end = System.nanoTime();
        launchNanos[0] = config.blocking() == 3 ? collectiveOnly : launched - start;
        return config.blocking() == 3 ? collectiveOnly : end - start;
    }

    private static void recordEvents(List<LocalRank> ranks, CudaEvent[][] events, int index) {
        for (int i = 0; i < ranks.size(); i++) {
            CudaDriver.eventRecord(events[i][index], ranks.get(i).stream);
        }
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
            double operations = (double) config.iterations() * agg;
            // nccl-tests divides the CPU time by the iterations only, not by the graph launches
            return new TimedResult((end - start) / 1e9 / operations / config.cudaGraphLaunches(),
                    (launched - start) / 1e9 / operations, new double[0]);
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
     * Enqueues {@code agg} operations as nccl-tests' loop of {@code startColl} does: the {@code agg} in one group,
     * each operation's GPUs in a group of their own, and with {@code -z} a wait (and with {@code -z 1} a barrier)
     * after each operation. Inside the outer group that wait finds this operation not yet launched, so with
     * {@code -m} &gt; 1 it waits for the previous iteration's: the same in ncclkit. Like nccl-tests, the buffers move by
     * one operation's size per iteration ({@code iteration % (maxBytes / size)}), so that repeated operations do not
     * reuse cached data.
     */
    private void launch(List<LocalRank> ranks, long[] send, long[] recv, BufferPlan plan, DataType type, int[] ops,
                        int root, int agg, int iteration) {
        requireNotStopping();
        long size = plan.sizeBytes(type);
        long steps = size == 0 ? 1 : Math.max(1, config.maxBytes() / size);
        boolean gpusGrouped = ranks.size() > 1;
        if (agg > 1) {
            Nccl.groupStart();
        }
        for (int a = 0; a < agg; a++) {
            long shift = size * (((long) iteration * agg + a) % steps);
            if (gpusGrouped) {
                Nccl.groupStart();
            }
            for (int i = 0; i < ranks.size(); i++) {
                LocalRank r = ranks.get(i);
                CollectiveLauncher.enqueue(config.collective(), send[i] + shift, recv[i] + shift, plan, type, ops[i], root,
                        r.rank, world.worldSize(), r.comm, r.stream);
            }
            if (gpusGrouped) {
                Nccl.groupEnd();
            }
            if (config.blocking() > 0) {
                syncAll(ranks);
                if (config.blocking() == 1) {
                    workers.barrier();
                }
            }
        }
        if (agg > 1) {
            Nccl.groupEnd();
        }
    }

    /** Waits for every stream; gives up when the run is stopping. */
    private void syncAll(List<LocalRank> ranks) {
        LocalRank.awaitStreams(ranks, this::requireNotStopping);
        stall.progressed();
    }

    private void requireNotStopping() {
        if (workers.stopping()) {
            throw new IllegalStateException(stall.fired() ? "timed out (-T)" : "the run is stopping: another rank failed");
        }
    }

    private static CudaEvent[][] createEvents(List<LocalRank> ranks, int count) {
        CudaEvent[][] events = new CudaEvent[ranks.size()][count];
        for (int i = 0; i < ranks.size(); i++) {
            CudaDriver.setDevice(ranks.get(i).device);
            for (int j = 0; j < count; j++) {
                events[i][j] = CudaDriver.eventCreate();
            }
        }
        return events;
    }

    /**
     * Runs the {@code -c} checks; stops at the first iteration that finds wrong elements on any rank, like
     * nccl-tests, which also counts each thread that found some towards {@code Out of bounds values}. Every check has
     * a seed of its own (nccl-tests changes it per repetition): results left over from an earlier check, in NCCL's
     * buffers or ours, then differ from the expected ones.
     */
    private CheckOutcome checkAll(BufferPlan plan, DataType type, RedOp op, int[] ncclOps, int root, boolean inPlace) {
        for (int c = 0; c < config.checkIterations(); c++) {
            long previousSeed = checksRun;
            long seed = ++checksRun;
            Corruption corrupt = c == 0 ? corruption : null;
            List<Long> perThread = workers.onEach(t -> checkThread(t, plan, type, op, ncclOps, root, inPlace, seed,
                    previousSeed, corrupt));
            long wrong = world.group().sum(perThread.stream().mapToLong(Long::longValue).sum());
            if (wrong > 0) {
                return new CheckOutcome(wrong, world.group().sum(perThread.stream().filter(w -> w > 0).count()));
            }
        }
        return new CheckOutcome(0, 0);
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
        syncAll(ranks); // in the polling wait, not in countWrong's blocking one, so that a stuck collective is seen
        long wrong = 0;
        for (int i = 0; i < ranks.size(); i++) {
            LocalRank r = ranks.get(i);
            ExpectedOutput expected = ExpectedOutput.of(config.collective(), plan, type, r.rank, ranksInAll, root, inPlace);
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
        stall.step("communicator teardown (ncclCommDestroy)");
        if (stall.fired()) {
            workers.close();
            return; // the communicators are aborted and the GPUs may be stuck: leave the rest to process exit
        }
        try {
            if (failed) {
                abortCommunicators();
            } else {
                for (LocalRank r : allRanks) {
                    r.registrations.forEach(Nccl::deregister);
                }
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

    /** One thread's timing: seconds per operation to the end of the wait and to the last launch; -I's samples. */
    private record TimedResult(double seconds, double cpuSeconds, double[] iterationMicros) {
    }

    /** One check of a placement: wrong elements over every rank, and threads (of every process) that found some. */
    private record CheckOutcome(long wrong, long failedThreads) {
    }

    private record Pointers(long[] send, long[] recv, int[] ops) {
    }
}
