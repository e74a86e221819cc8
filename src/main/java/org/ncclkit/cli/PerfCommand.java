package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ncclkit.bench.CommunicatorSetup;
import org.ncclkit.bench.Corruption;
import org.ncclkit.bench.DeviceLine;
import org.ncclkit.bench.PerfConfig;
import org.ncclkit.bench.PerfEngine;
import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.bench.RendezvousProcessGroup;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.RunReport;
import org.ncclkit.bench.StallWatchdog;
import org.ncclkit.bench.StepTrace;
import org.ncclkit.bench.Timestamps;
import org.ncclkit.bench.WorldPlacement;
import org.ncclkit.cluster.PrivateFiles;
import org.ncclkit.collective.AllToAllvPattern;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.NativeException;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.files.WritableOutput;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.RunMembership;
import org.ncclkit.monitor.BackgroundRecording;
import org.ncclkit.monitor.NvmlSampler;
import org.ncclkit.monitor.Recorder;
import org.ncclkit.report.NcclTestsJson;
import org.ncclkit.report.NcclTestsText;
import org.ncclkit.report.ResultCsv;
import org.ncclkit.results.NcclTestsJsonReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ncclkit perf COLLECTIVE [options]}: nccl-tests' {@code <collective>_perf} with the same options and output. */
@Command(name = "perf", versionProvider = Main.Version.class,
        footer = {"", "Examples:",
                "  ncclkit perf all_reduce -b 8 -e 1G -f 2 -g 8",
                "  ncclkit perf all_gather -b 8 -e 128M -f 2 -J all_gather.json",
                "  ncclkit run -np 8 perf all_reduce -b 8 -e 1G -f 2"},
        sortOptions = false,
        description = {"Measure and check an NCCL collective like nccl-tests' <collective>_perf, with the same options, "
                + "table, JSON (-J) and exit codes.",
                "Collectives: all_reduce, all_gather, reduce_scatter, broadcast, reduce, alltoall, gather, scatter, "
                        + "sendrecv, hypercube, alltoallv."})
public final class PerfCommand implements Callable<Integer>, RankCommand {
    @Parameters(index = "0", paramLabel = "COLLECTIVE", description = "all_reduce, all_gather, ... (a trailing _perf is accepted)")
    String collective;

    @Option(names = {"-t", "--nthreads"}, defaultValue = "1", description = "Threads per process (default ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = {"-g", "--ngpus"}, defaultValue = "1", description = "GPUs per thread (default ${DEFAULT-VALUE}).")
    int gpus;
    @Option(names = {"-b", "--minbytes"}, defaultValue = "32M", converter = SizeConverter.class, description = "Smallest size (default ${DEFAULT-VALUE}).")
    long minBytes;
    @Option(names = {"-e", "--maxbytes"}, defaultValue = "32M", converter = SizeConverter.class, description = "Largest size (default ${DEFAULT-VALUE}).")
    long maxBytes;
    @Option(names = {"-i", "--stepbytes"}, defaultValue = "1M", converter = SizeConverter.class, description = "Size increment when -f is 1 (default ${DEFAULT-VALUE}).")
    long stepBytes;
    @Option(names = {"-f", "--stepfactor"}, defaultValue = "1", description = "Size multiplication factor; wins over -i when > 1 (default ${DEFAULT-VALUE}).")
    long stepFactor;
    @Option(names = {"-n", "--iters"}, defaultValue = "20", description = "Timed iterations (default ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = {"-w", "--warmup_iters"}, defaultValue = "1", description = "Untimed warm-up iterations (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = {"-m", "--agg_iters"}, defaultValue = "1", description = "Operations aggregated in one group (default ${DEFAULT-VALUE}).")
    int aggregated;
    @Option(names = {"-N", "--run_cycles"}, defaultValue = "1", description = "Repeat the sweep; 0 repeats until stopped (default ${DEFAULT-VALUE}).")
    int runCycles;
    @Option(names = {"-p", "--parallel_init"}, defaultValue = "0", description = "1: each -t thread initializes its own communicators (default ${DEFAULT-VALUE}).")
    int parallelInit;
    @Option(names = {"-c", "--check"}, defaultValue = "1", description = "Correctness-check iterations; 0 disables (default ${DEFAULT-VALUE}).")
    int check;
    @Option(names = {"-o", "--op"}, defaultValue = "sum", description = "sum, prod, max, min, avg, mulsum or all (default ${DEFAULT-VALUE}).")
    String op;
    @Option(names = {"-d", "--datatype"}, defaultValue = "float",
            description = "int8, uint8, int32, uint32, int64, uint64, half, float, double, bfloat16, f8e4m3, f8e5m2 or all (default ${DEFAULT-VALUE}).")
    String datatype;
    @Option(names = {"-r", "--root"}, defaultValue = "0", description = "Root rank; -1 runs every root in turn (default ${DEFAULT-VALUE}).")
    int root;
    @Option(names = {"-z", "--blocking"}, defaultValue = "0", description = "1: wait and barrier after each iteration, 2: wait only, 3: wait and barrier, barrier not timed (default ${DEFAULT-VALUE}).")
    int blocking;
    @Option(names = {"-y", "--stream_null"}, defaultValue = "0", description = "1: run on the legacy default (null) stream (default ${DEFAULT-VALUE}).")
    int streamNull;
    @Option(names = {"-T", "--timeout"}, defaultValue = "0", description = "Seconds any wait (init, warm-up, timed loop, check, graph capture, rendezvous) may go without progress before the run stops, naming the ranks it waits for (exit 4); 0 never (default ${DEFAULT-VALUE}).")
    int timeout;
    @Option(names = {"-G", "--cudagraph"}, defaultValue = "0", description = "Capture the iterations in a CUDA graph and replay it this many times (default ${DEFAULT-VALUE}).")
    int cudaGraph;
    @Option(names = {"-C", "--report_cputime"}, defaultValue = "0", description = "1: report CPU (launch) time instead of latency (default ${DEFAULT-VALUE}).")
    int reportCpuTime;
    @Option(names = {"-S", "--report_timestamps"}, defaultValue = "0", description = "1: add a timestamp to each row (default ${DEFAULT-VALUE}).")
    int reportTimestamps;
    @Option(names = {"-a", "--average"}, defaultValue = "1", description = "Time across ranks: 0 rank 0, 1 mean, 2 min, 3 max (default ${DEFAULT-VALUE}).")
    int average;
    @Option(names = {"-R", "--local_register"}, defaultValue = "0",
            description = "Register the buffers with NCCL: 1 ncclCommRegister, 2 symmetric window (NCCL 2.27+, else 1) (default ${DEFAULT-VALUE}).")
    int localRegister;
    @Option(names = {"-x", "--cta_policy"}, paramLabel = "POLICY",
            description = "Communicator CTA policy: 0 default, 1 efficiency, 2 zero (NCCL 2.27+; 2 needs 2.28); not set by default.")
    Integer ctaPolicy;
    @Option(names = {"-D", "--device_implementation"}, paramLabel = "N",
            description = "0 only (the default): nccl-tests' device-API kernels (N > 0) are not part of ncclkit.")
    Integer deviceImplementation;
    @Option(names = {"-V", "--device_cta_count"}, paramLabel = "N",
            description = "CTAs of device-API kernels (NCCL 2.28+; 1 to 128, default 16); checked only, as -D > 0 is refused.")
    Integer deviceCtaCount;
    @Option(names = {"-M", "--memory"}, defaultValue = "0", description = "1: print GPU memory usage (default ${DEFAULT-VALUE}).")
    int memoryReport;
    @Option(names = {"-u", "--unalign"}, defaultValue = "0", description = "Misalign buffers by this many elements (default ${DEFAULT-VALUE}).")
    int unalign;
    @Option(names = {"-I", "--per_iter_timing"}, defaultValue = "0", description = "1: time each iteration with CUDA events, not with -G (default ${DEFAULT-VALUE}).")
    int perIterationTiming;
    @Option(names = {"-K", "--per_iter_skip"}, defaultValue = "0", description = "Leave the first K per-iteration samples out of the summary; needs -I 1 (default ${DEFAULT-VALUE}).")
    int perIterationSkip;
    @Option(names = {"-J", "--output_file", "--json-file"}, paramLabel = "FILE.json",
            description = "Write nccl-tests JSON (version 3) to this .json file.")
    String jsonFile;
    @Option(names = "--json-strict", description = "With -J: write booleans as JSON booleans rather than nccl-tests' strings.")
    boolean jsonStrict;
    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the rows as CSV to FILE.")
    String csvFile;
    @Option(names = "--monitor", paramLabel = "FILE",
            description = "Record this node's GPU readings during the run (as 'ncclkit monitor --record' does: .jsonl or "
                    + ".csv; {host} in the name becomes the host name), to match a slow run to a throttled or idle GPU; "
                    + "the first process on each node records.")
    String monitorFile;
    @Option(names = "--monitor-interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "Time between readings with --monitor (default ${DEFAULT-VALUE}).")
    double monitorInterval;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
    // Not -V: nccl-tests' -V is the device CTA count.
    @Option(names = "--version", versionHelp = true, description = "Print ncclkit's version and exit.")
    boolean versionRequested;
    @Mixin
    HistoryOptions history;
    @Mixin
    LogCheckOptions logCheckOptions;
    @Mixin
    RendezvousOptions rendezvous;
    @Option(names = "--corrupt-for-test", hidden = true, arity = "0..1", fallbackValue = "bits", paramLabel = "KIND",
            description = "Corrupt the first check of every row (tests only): bits (default), position, rank, stale, nonroot, zero.")
    String corruptForTest;

    @Spec
    CommandSpec spec;

    /** The options as a checked configuration; an impossible combination is a {@link UsageException}. */
    PerfConfig toConfig() {
        Collective coll = Collective.byLabel(collective).orElseThrow(() -> new UsageException(
                "unknown collective '" + collective + "' (expected one of " + labels(Collective.values()) + ")"));
        List<RedOp> ops = op.equals("all") ? List.of(RedOp.values()) : List.of(RedOp.byLabel(op).orElseThrow(() ->
                new UsageException("invalid op '" + op + "' (expected one of " + labels(RedOp.values()) + " or all)")));
        List<DataType> types = datatype.equals("all") ? List.of(DataType.values()) : List.of(DataType.byLabel(datatype)
                .orElseThrow(() -> new UsageException("invalid type '" + datatype + "' (expected one of "
                        + labels(DataType.values()) + " or all)")));
        require(minBytes <= maxBytes, "invalid sizes for 'minbytes' and 'maxbytes': " + minBytes + " > " + maxBytes);
        require(threads >= 1 && gpus >= 1, "-t and -g must be at least 1");
        require(iterations >= 1, "-n must be at least 1");
        require(warmup >= 0 && aggregated >= 1 && runCycles >= 0 && check >= 0, "-w, -N and -c must not be negative and -m must be at least 1");
        require(stepFactor > 1 || stepBytes > 0 || minBytes == maxBytes, "-i must be positive when -f is 1");
        require(root >= -1, "-r takes a rank or -1 for every root");
        require(blocking >= 0 && blocking <= 3, "-z takes 0, 1, 2 or 3");
        require(average >= 0 && average <= 3, "-a takes 0, 1, 2 or 3");
        require(cudaGraph >= 0 && timeout >= 0 && unalign >= 0, "-G, -T and -u must not be negative");
        require(!(cudaGraph > 0 && perIterationTiming != 0), "-I cannot be combined with -G (a graph replays all iterations at once)");
        require(!(cudaGraph > 0 && blocking != 0), "-z cannot be combined with -G");
        require(perIterationSkip == 0 || perIterationTiming != 0, "-K needs -I 1");
        require(perIterationSkip >= 0 && perIterationSkip < iterations, "-K must be between 0 and -n minus 1");
        require(jsonFile == null || NcclTestsJson.acceptsFileName(jsonFile), "-J needs a file name ending in .json, not '" + jsonFile + "'");
        require(!jsonStrict || jsonFile != null, "--json-strict applies to -J output; give -J FILE.json");
        require(localRegister >= 0 && localRegister <= 2, "-R takes 0, 1 or 2");
        require(!(cudaGraph > 0 && streamNull != 0), "-G cannot capture the legacy default stream of -y 1");
        require(deviceImplementation == null || deviceImplementation == 0, "-D " + deviceImplementation
                + ": nccl-tests' device-API kernels are CUDA C++ built against NCCL's device headers (nccl_device.h) "
                + "into its own binaries; ncclkit runs NCCL's host API and ships no such kernels (use nccl-tests for -D)");
        if (coll == Collective.ALLTOALLV) {
            try {
                // reads NCCL_TESTS_ALLTOALLV_*: a bad matrix file, or a matrix with a sweep, is refused here
                String refusal = AllToAllvPattern.active().refusal(0, minBytes, maxBytes);
                if (refusal != null) {
                    throw new UsageException(refusal);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        CommunicatorSetup setup = new CommunicatorSetup(localRegister, ctaPolicy == null || ctaPolicy < 0
                ? CommunicatorSetup.UNSET_CTA_POLICY : ctaPolicy, parallelInit != 0, streamNull != 0,
                CommunicatorSetup.DEFAULT_DEVICE_CTA_COUNT);
        return new PerfConfig(coll, threads, gpus, minBytes, maxBytes, stepBytes, stepFactor, iterations, warmup,
                aggregated, runCycles, check, ops, types, root, blocking, timeout, cudaGraph > 0, Math.max(cudaGraph, 1),
                reportCpuTime != 0, reportTimestamps != 0, average, memoryReport != 0, unalign, perIterationTiming != 0,
                perIterationSkip, jsonFile, jsonStrict, csvFile, setup);
    }

    @Override
    public void checkBeforeLaunch(int worldSize) {
        toConfig();
        monitorTick();
        rendezvous.timeouts();
        checkOutputFiles();
    }

    /** The --monitor interval, once its file name is known to say a format. */
    private Duration monitorTick() {
        Duration tick = SshOptions.seconds(monitorInterval, "--monitor-interval", false);
        if (monitorFile != null) {
            try {
                Recorder.formatOf(Path.of(monitorFile));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--monitor " + e.getMessage());
            }
        }
        return tick;
    }

    /** -J and --csv are written after the run, by rank 0: a path that cannot be written is refused before it. */
    private void checkOutputFiles() {
        history.checkWritable();
        for (String[] output : new String[][] {{"-J", jsonFile}, {"--csv", csvFile}}) {
            if (output[1] != null) {
                String problem = WritableOutput.problem(Path.of(output[1]));
                if (problem != null) {
                    throw new UsageException(output[0] + " " + output[1] + ": " + problem);
                }
            }
        }
    }

    @Override
    public Integer call() {
        StepTrace.step("options read");
        PerfConfig requested = toConfig();
        Duration monitorTick = monitorTick();
        if (RankSession.writesResults()) {
            checkOutputFiles();
        }
        try (NcclLogCheck logCheck = NcclLogCheck.start(logCheckOptions)) { // before NCCL reads its variables
            Libraries.require(LibrarySpec.CUDA);
            Libraries.require(LibrarySpec.NCCL);
            StepTrace.step("libraries found");
            CudaDriver.startInit(); // while NCCL's bindings are made and the ranks find their places
            return RankSession.execute(rendezvous, (membership, peerFailure) -> {
                peerFailure.onFailure(logCheck::close); // a peer's failure ends this process without finally blocks
                BackgroundRecording recording = membership.map(RunMembership::indexOnHost).orElse(0) == 0
                        ? startMonitor(monitorTick) : null;
                try (StallWatchdog stall = StallExit.watchdog(Duration.ofSeconds(requested.timeoutSeconds()), peerFailure, membership)) {
                    return logCheck.explainingFailure(spec.commandLine().getErr(),
                            () -> run(requested, membership, peerFailure, logCheck, stall));
                } finally {
                    stopMonitor(recording);
                }
            });
        }
    }

    /** The --monitor recording of this node's GPUs, or null (none asked for, or no NVML: said on standard error). */
    private BackgroundRecording startMonitor(Duration interval) {
        if (monitorFile == null) {
            return null;
        }
        Path file = Path.of(monitorFile.replace("{host}", Hostname.get()));
        PrintWriter err = spec.commandLine().getErr();
        try {
            Libraries.require(LibrarySpec.NVML);
            NvmlSampler sampler = new NvmlSampler(Hostname.get(), Clock.systemUTC());
            try {
                return BackgroundRecording.start(sampler, Recorder.open(file), interval);
            } catch (UncheckedIOException e) {
                sampler.close();
                throw e;
            }
        } catch (LibraryNotFoundException | NativeException | UncheckedIOException e) {
            err.println("ncclkit: note: --monitor " + file + " not recorded: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    private void stopMonitor(BackgroundRecording recording) {
        if (recording == null) {
            return;
        }
        recording.close();
        if (recording.failure() != null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("ncclkit: note: --monitor stopped early: " + recording.failure().getMessage());
            err.flush();
        }
    }

    private int run(PerfConfig asked, Optional<RunMembership> membership, PeerFailureExit peerFailure, NcclLogCheck logCheck,
                    StallWatchdog stall) {
        ProcessGroup group = membership.<ProcessGroup>map(m -> new RendezvousProcessGroup(m.client())).orElse(ProcessGroup.alone());
        int processOnNode = membership.map(RunMembership::indexOnHost).orElse(0);
        WorldPlacement world = splitPlacement(group, processOnNode, asked.localRanks());
        if (asked.collective() == Collective.ALLTOALLV) {
            String refusal = AllToAllvPattern.active().refusal(world.worldSize(), asked.minBytes(), asked.maxBytes());
            if (refusal != null) {
                throw new UsageException(refusal);
            }
        }
        // only rank 0 prints, as with nccl-tests under MPI; errors still reach every rank's standard error
        PrintWriter out = group.rank() == 0 ? spec.commandLine().getOut() : new PrintWriter(Writer.nullWriter());
        PrintWriter err = spec.commandLine().getErr();
        int ncclVersion = Nccl.version();
        StepTrace.step("NCCL loaded (ncclGetVersion)");
        NcclVersionOptions.Outcome versioned = NcclVersionOptions.apply(asked.setup(), deviceCtaCount, ncclVersion);
        versioned.notes().forEach(out::println);
        versioned.warnings().forEach(err::println);
        PerfConfig requested = asked.withSetup(versioned.setup());
        // nccl-tests claims its JSON file before anything else and says where
        Path json = group.rank() == 0 && requested.jsonFile() != null ? reserveJson(requested.jsonFile(), out) : null;
        String start = LocalDateTime.now().format(Timestamps.FORMAT);
        int status;
        boolean written = false;
        try (PerfEngine engine = new PerfEngine(requested, world, stall)) {
            peerFailure.onFailure(engine::abortCommunicators);
            // the oldest GPU of the whole run decides, as nccl-tests' MPI_Allreduce(MIN) of minCudaArch
            PerfConfig config = withSupportedTypes(engine.config(), (int) group.combine(2, engine.minComputeCapability()));
            engine.restrictTypes(config.types());
            List<DeviceLine> devices = DeviceLine.gather(group, engine.deviceLines(Hostname.get(), ProcessHandle.current().pid()));
            if (corruptForTest != null) {
                engine.corruptForTest(Corruption.byLabel(corruptForTest).orElseThrow(() -> new UsageException(
                        "invalid --corrupt-for-test kind '" + corruptForTest + "' (expected one of " + labels(Corruption.values()) + ")")));
            }
            out.print(NcclTestsText.header(requested, Main.version(), ncclVersion, devices,
                    engine.reducedMaxBytes() ? config.maxBytes() : -1));
            out.flush();
            List<ResultRow> rows = engine.run(row -> {
                out.print(NcclTestsText.row(row));
                out.flush();
            }, line -> {
                out.println(line);
                out.flush();
            });
            String lastError = Nccl.lastError(null);
            // the report shows the sizes asked for, as nccl-tests' header and JSON config do
            RunReport report = new RunReport(config.withSizeRange(requested.minBytes(), requested.maxBytes()),
                    HistoryOptions.commandLine(spec), ncclVersion, start,
                    LocalDateTime.now().format(Timestamps.FORMAT), devices, rows, minBusBandwidth(),
                    List.of(engine.refusals().contains(lastError) ? "" : lastError), // a refused pair is no error
                    config.memoryReport() ? engine.memoryUsage() : null);
            out.print(NcclTestsText.footer(report));
            out.flush();
            status = report.failedChecks() > 0 || !report.bandwidthOk() ? ExitCodes.WRONG_RESULT : ExitCodes.OK;
            if (group.rank() == 0) {
                // rendered once, and only for the -J file or the history: the JSON writer's start is not paid for nothing
                String document = json != null || history.records() ? NcclTestsJson.render(report, System.getenv()) : null;
                writeFiles(report, json, document);
                written = true;
                history.record("perf", () -> NcclTestsJsonReader.read(document, "ncclkit perf"), status == ExitCodes.OK,
                        spec.commandLine().getErr());
            }
        } finally {
            if (json != null && !written) {
                deleteQuietly(json); // nothing half-written: the claimed file goes when the run fails
            }
        }
        return logCheck.finish(group, spec.commandLine().getErr(), status); // after the communicators' last lines
    }

    /** This process's place, with nccl-tests' {@code NCCL_TESTS_DEVICE}, {@code _SPLIT_MASK} and {@code _SPLIT}. */
    private static WorldPlacement splitPlacement(ProcessGroup group, int processOnNode, int localRanks) {
        try {
            return WorldPlacement.of(group, processOnNode, localRanks, System.getenv("NCCL_TESTS_DEVICE"),
                    System.getenv("NCCL_TESTS_SPLIT_MASK"), System.getenv("NCCL_TESTS_SPLIT"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Claims the -J file as nccl-tests does (or its first free {@code .N} name) and prints its line; null if refused. */
    private static Path reserveJson(String requested, PrintWriter out) {
        try {
            Path claimed = NcclTestsJson.reserve(Path.of(requested));
            out.println("# Writing JSON output to " + claimed);
            return claimed;
        } catch (IOException e) {
            out.println("# skipping json output; " + requested + " not accessible");
            return null;
        } finally {
            out.flush();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the run's own failure is what gets reported
        }
    }

    private PerfConfig withSupportedTypes(PerfConfig config, int computeCapability) {
        List<DataType> supported = config.types().stream().filter(t -> t.minComputeCapability() <= computeCapability).toList();
        if (!datatype.equals("all") && supported.isEmpty()) {
            throw new UsageException("type '" + datatype + "' needs compute capability "
                    + config.types().getFirst().minComputeCapability() / 10.0 + " or newer; this GPU has " + computeCapability / 10.0);
        }
        return config.withTypes(supported);
    }

    private void writeFiles(RunReport report, Path json, String document) {
        if (json != null) {
            try {
                NcclTestsJson.writeTo(json, document);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + json + ": " + e.getMessage(), e);
            }
        }
        if (report.config().csvFile() != null) {
            try {
                PrivateFiles.write(Path.of(report.config().csvFile()).toAbsolutePath(),
                        ResultCsv.render(report).getBytes(StandardCharsets.UTF_8), PrivateFiles.PUBLIC_READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + report.config().csvFile() + ": " + e.getMessage(), e);
            }
        }
    }

    private static double minBusBandwidth() {
        String value = System.getenv("NCCL_TESTS_MIN_BW");
        if (value == null || value.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("NCCL_TESTS_MIN_BW must be a number of GB/s, not '" + value + "'");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new UsageException(message);
        }
    }

    private static String labels(Enum<?>[] values) {
        return String.join(", ", Arrays.stream(values).map(v -> v.name().toLowerCase()).toList());
    }
}
