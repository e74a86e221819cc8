package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ncclkit.bench.PairwiseExchange;
import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.bench.RendezvousProcessGroup;
import org.ncclkit.bench.StallWatchdog;
import org.ncclkit.bench.WorldPlacement;
import org.ncclkit.check.CheckStep;
import org.ncclkit.check.P2pJson;
import org.ncclkit.check.P2pText;
import org.ncclkit.check.PairMatrix;
import org.ncclkit.check.PeerMeasurement;
import org.ncclkit.check.RankMeasurements;
import org.ncclkit.cluster.PrivateFiles;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.history.CommandRows;
import org.ncclkit.info.Hostname;
import org.ncclkit.info.RunSetup;
import org.ncclkit.launch.RunMembership;
import org.ncclkit.prom.P2pMetrics;
import org.ncclkit.report.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit check p2p}: NCCL send/receive between every pair of ranks, to find the node that slows the others. */
@Command(name = "p2p", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  mpirun -np 64 -N 1 --hostfile hosts ncclkit check p2p --json-file p2p.json",
                "  ncclkit run -np 4 --simulate-nodes 4 check p2p",
                "  ncclkit run -np 2 check p2p --json"},
        sortOptions = false,
        description = {"Exchange data with ncclSend/ncclRecv between every pair of ranks (in rounds of disjoint pairs: "
                + "N ranks take N-1 rounds), validate it on the GPU, and report bandwidth and latency per pair; pairs "
                + "slower than the median by --threshold are flagged and the nodes in the most flagged pairs named.",
                "Run as one rank per GPU: mpirun -np N ncclkit check p2p, or on one host: ncclkit run -np N check p2p "
                        + "(add --simulate-nodes N to make NCCL treat each rank as a node of its own)."})
final class CheckP2pCommand implements Callable<Integer> {
    /** What the waits outside a pair's exchanges (communicator init, the rounds' barriers) get beyond --timeout. */
    private static final Duration OTHER_WAITS_MARGIN = Duration.ofSeconds(10);
    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64M", converter = SizeConverter.class,
            description = "Message of the bandwidth measurement, e.g. 256M (default ${DEFAULT-VALUE}).")
    long bytes;
    @Option(names = "--iters", paramLabel = "N", defaultValue = "20",
            description = "Timed exchanges of that message per pair (default ${DEFAULT-VALUE}); the "
                    + PeerMeasurement.LATENCY_BYTES + "-byte latency exchange runs at least " + PairwiseExchange.MIN_LATENCY_EXCHANGES + " times.")
    int iterations;
    @Option(names = "--threshold", paramLabel = "FRACTION", defaultValue = "0.8",
            description = "A pair is slow below this fraction of the median bandwidth (default ${DEFAULT-VALUE}; "
                    + "0 < FRACTION <= 1).")
    double threshold;
    @Option(names = "--latency-threshold", paramLabel = "FRACTION", defaultValue = "0.5",
            description = "A pair is slow above the median latency divided by this (default ${DEFAULT-VALUE}: twice the "
                    + "median; 8-byte exchanges jitter more than large ones).")
    double latencyThreshold;
    @Option(names = "--json", arity = "0..1", paramLabel = "FILE", fallbackValue = STDOUT,
            description = "Print every pair, the medians and the suspects as JSON on standard output instead of the "
                    + "text report (the log verdict then goes to standard error). --json FILE, the old spelling, is "
                    + "--json-file FILE.")
    String json;
    @Option(names = {"-J", "--json-file"}, paramLabel = "FILE",
            description = "Also write every pair, the medians and the suspects as JSON to FILE.")
    String jsonFile;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Limit for the exchanges of one pair; a pair that takes longer stops the check with exit 4 "
                    + "(default ${DEFAULT-VALUE}).")
    double timeoutSeconds;
    @Mixin
    HistoryOptions history;
    @Mixin
    RendezvousOptions rendezvous;
    @Mixin
    LogCheckOptions logCheckOptions;
    @Spec
    CommandSpec spec;

    private static final String STDOUT = "-";

    /** How the pairwise exchange ended: the step, and on rank 0 the matrix it printed (null on the other ranks). */
    record Exchanged(CheckStep step, PairMatrix matrix) {
    }

    /**
     * The measurement: message size, timed exchanges per pair, the slow thresholds, whether the report is JSON on
     * standard output, and the file to write JSON to (or null).
     */
    record Settings(long bytes, int iterations, double threshold, double latencyThreshold, boolean jsonOnStdout,
                    String jsonFile, Duration pairLimit) {
        /** {@code ncclkit check p2p} with no option. */
        static final Settings DEFAULTS = new Settings(64L << 20, 20, 0.8, 0.5, false, null, Duration.ofSeconds(120));

        Settings {
            if (bytes < PeerMeasurement.LATENCY_BYTES || bytes % PairwiseExchange.elementBytes() != 0) {
                throw new UsageException("--size must be at least " + PeerMeasurement.LATENCY_BYTES + " bytes and a multiple of "
                        + PairwiseExchange.elementBytes() + ", not " + bytes);
            }
            if (iterations < 1) {
                throw new UsageException("--iters must be at least 1");
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new UsageException("--threshold must be more than 0 and at most 1, not " + threshold);
            }
            if (!(latencyThreshold > 0 && latencyThreshold <= 1)) {
                throw new UsageException("--latency-threshold must be more than 0 and at most 1, not " + latencyThreshold);
            }
            if (pairLimit.isNegative() || pairLimit.isZero()) {
                throw new UsageException("--timeout must be positive");
            }
        }
    }

    /** The options as settings: {@code --json FILE} (a value after --json) is taken as {@code --json-file FILE}. */
    Settings settings() {
        boolean oldSpelling = json != null && !json.equals(STDOUT);
        if (oldSpelling && jsonFile != null) {
            throw new UsageException("--json " + json + " and --json-file " + jsonFile + " both name a file; give one");
        }
        return new Settings(bytes, iterations, threshold, latencyThreshold, STDOUT.equals(json),
                oldSpelling ? json : jsonFile, Duration.ofMillis((long) (timeoutSeconds * 1000)));
    }

    @Override
    public Integer call() {
        Settings settings = settings();
        PrintWriter report = spec.commandLine().getOut();
        // with JSON on standard output, everything else goes to standard error so that the output parses
        PrintWriter out = settings.jsonOnStdout() ? spec.commandLine().getErr() : report;
        return RankSession.execute(rendezvous, (membership, peerFailure) -> {
            RunMembership m = membership.orElseThrow(() -> new UsageException("check p2p needs at least 2 ranks; run it as: "
                    + "ncclkit run -np 2 check p2p, or mpirun -np N ncclkit check p2p"));
            boolean reports = m.rank().rank() == 0;
            RecordOnce once = new RecordOnce();
            if (reports) {
                history.checkWritable();
                once.onPeerFailure(peerFailure, (status, why) -> record(history, spec, CommandRows.P2P, null, null, status,
                        failedVerdict(why, status)));
            }
            try (NcclLogCheck logCheck = NcclLogCheck.start(logCheckOptions)) { // before NCCL reads its variables
                peerFailure.onFailure(logCheck::close);
                Exchanged exchanged;
                try {
                    exchanged = logCheck.explainingFailure(out, () -> exchange(m, peerFailure, settings, report));
                } catch (RuntimeException e) {
                    if (reports) {
                        int status = Main.exitCodeFor(e);
                        once.record(() -> record(history, spec, CommandRows.P2P, null, null, status,
                                failedVerdict(e.getMessage(), status)));
                    }
                    throw e;
                }
                int status = logCheck.finish(new RendezvousProcessGroup(m.client()), out,
                        exchanged.step().passed() ? ExitCodes.OK : ExitCodes.WRONG_RESULT);
                if (reports) {
                    P2pJson.Document document = P2pJson.document(exchanged.matrix());
                    once.record(() -> record(history, spec, CommandRows.P2P, document, Json.write(document), status,
                            (status == ExitCodes.OK ? "passed: " : "FAILED: ") + P2pText.outcome(exchanged.matrix())));
                }
                return status;
            }
        });
    }

    /** The verdict of a run that stopped: why, and the exit status. */
    static String failedVerdict(String why, int status) {
        return "FAILED: " + why + " (exit " + status + ")";
    }

    /**
     * Rank 0: records a run of check p2p or check ({@code collective}) in the history and the --prom file, with rows
     * from its pairs; {@code p2p} and {@code document} are null when the run ended before its pairs were measured.
     */
    static void record(HistoryOptions history, CommandSpec spec, String collective, P2pJson.Document p2p, String document,
                       int status, String verdict) {
        List<String> hosts = p2p == null ? List.of(RankMeasurements.node(Hostname.get(), System.getenv("NCCL_HOSTID")))
                : p2p.nodes().stream().distinct().toList();
        boolean passed = status == ExitCodes.OK;
        history.record(new HistoryOptions.Report("check", passed, hosts, document, verdict), spec, RunSetup::probe,
                facts -> CommandRows.pairs(collective, p2p, facts),
                () -> P2pMetrics.of(p2p, hosts.getFirst(), passed, Instant.now().getEpochSecond()), spec.commandLine().getErr());
    }

    /**
     * Runs the pairwise exchange as one rank of the run; rank 0 prints the report (and writes the JSON). Every rank
     * returns rank 0's outcome; only rank 0's carries the words.
     */
    static Exchanged exchange(RunMembership m, PeerFailureExit peerFailure, Settings settings, PrintWriter out) {
        Libraries.require(LibrarySpec.CUDA);
        Libraries.require(LibrarySpec.NCCL);
        ProcessGroup group = new RendezvousProcessGroup(m.client());
        WorldPlacement world = WorldPlacement.of(group, m.indexOnHost(), 1, System.getenv("NCCL_TESTS_DEVICE"));
        // a pair may take --timeout; every other wait (init, the barrier after the round's slowest pair) a little more
        try (StallWatchdog stall = StallExit.watchdog(settings.pairLimit().plus(OTHER_WAITS_MARGIN), peerFailure, Optional.of(m));
             PairwiseExchange exchange = new PairwiseExchange(world, settings.bytes(), settings.iterations(), settings.pairLimit(), stall)) {
            peerFailure.onFailure(exchange::abortCommunicator);
            var mine = new RankMeasurements(group.rank(), RankMeasurements.node(Hostname.get(), System.getenv("NCCL_HOSTID")),
                    exchange.run());
            stall.step("gathering every rank's measurements to rank 0");
            List<String> all = group.gatherToRankZero(mine.toJson());
            String detail = "";
            boolean passed = true;
            PairMatrix matrix = null;
            if (group.rank() == 0) {
                matrix = PairMatrix.of(all.stream().map(RankMeasurements::fromJson).toList(), settings.bytes(),
                        settings.iterations(), settings.threshold(), settings.latencyThreshold());
                report(matrix, settings, out);
                detail = P2pText.outcome(matrix);
                passed = matrix.passed();
            }
            // every rank ends with rank 0's verdict, as every rank of perf does
            boolean agreed = group.combine(0, passed ? 1 : 0) == 1;
            return new Exchanged(new CheckStep("p2p", agreed ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL, detail), matrix);
        }
    }

    /** Prints the report on rank 0, as text or JSON, and writes the JSON file when one is asked for. */
    private static void report(PairMatrix matrix, Settings settings, PrintWriter out) {
        out.print(settings.jsonOnStdout() ? P2pJson.render(matrix) : P2pText.render(matrix));
        String jsonFile = settings.jsonFile();
        if (jsonFile != null) {
            try {
                PrivateFiles.write(Path.of(jsonFile).toAbsolutePath(), P2pJson.render(matrix).getBytes(StandardCharsets.UTF_8),
                        PrivateFiles.PUBLIC_READ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + jsonFile + ": " + e.getMessage(), e);
            }
            if (!settings.jsonOnStdout()) {
                out.println("# Writing JSON output to " + jsonFile);
            }
        }
        out.flush();
    }
}
