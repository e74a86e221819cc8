package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.ncclkit.bench.PairwiseExchange;
import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.bench.RendezvousProcessGroup;
import org.ncclkit.bench.WorldPlacement;
import org.ncclkit.check.P2pJson;
import org.ncclkit.check.P2pText;
import org.ncclkit.check.PairMatrix;
import org.ncclkit.check.PeerMeasurement;
import org.ncclkit.check.RankMeasurements;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.RunMembership;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit check p2p}: NCCL send/receive between every pair of ranks, to find the node that slows the others. */
@Command(name = "p2p", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Exchange data with ncclSend/ncclRecv between every pair of ranks (in rounds of disjoint pairs: "
                + "N ranks take N-1 rounds), validate it on the GPU, and report bandwidth and latency per pair; pairs "
                + "slower than the median by --threshold are flagged and the nodes in the most flagged pairs named.",
                "Run as one rank per GPU: mpirun -np N ncclkit check p2p, or on one host: ncclkit run -np N check p2p "
                        + "(add --simulate-nodes N to make NCCL treat each rank as a node of its own)."})
final class CheckP2pCommand implements Callable<Integer> {
    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64M", converter = SizeConverter.class,
            description = "Message of the bandwidth measurement, e.g. 256M (default ${DEFAULT-VALUE}).")
    long bytes;
    @Option(names = "--iters", paramLabel = "N", defaultValue = "20",
            description = "Timed exchanges of that message per pair (default ${DEFAULT-VALUE}); the "
                    + PeerMeasurement.LATENCY_BYTES + "-byte latency exchange runs at least " + PairwiseExchange.MIN_LATENCY_EXCHANGES + " times.")
    int iterations;
    @Option(names = "--threshold", paramLabel = "FRACTION", defaultValue = "0.8",
            description = "A pair is slow below this fraction of the median bandwidth, or above the median latency "
                    + "divided by it (default ${DEFAULT-VALUE}; 0 < FRACTION <= 1).")
    double threshold;
    @Option(names = "--json", paramLabel = "FILE", description = "Also write every pair, the medians and the suspects as JSON to FILE.")
    String jsonFile;
    @Mixin
    RendezvousOptions rendezvous;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
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
        return RankSession.execute(rendezvous, (membership, peerFailure) -> {
            RunMembership m = membership.orElseThrow(() -> new UsageException("check p2p needs at least 2 ranks; run it as: "
                    + "ncclkit run -np 2 check p2p, or mpirun -np N ncclkit check p2p"));
            Libraries.require(LibrarySpec.CUDA);
            Libraries.require(LibrarySpec.NCCL);
            ProcessGroup group = new RendezvousProcessGroup(m.client());
            WorldPlacement world = WorldPlacement.of(group, m.indexOnHost(), 1, System.getenv("NCCL_TESTS_DEVICE"));
            try (PairwiseExchange exchange = new PairwiseExchange(world, bytes, iterations)) {
                peerFailure.onFailure(exchange::abortCommunicator);
                var mine = new RankMeasurements(group.rank(), RankMeasurements.node(Hostname.get(), System.getenv("NCCL_HOSTID")),
                        exchange.run());
                List<String> all = group.gatherToRankZero(mine.toJson());
                boolean passed = group.rank() != 0 || report(PairMatrix.of(all.stream().map(RankMeasurements::fromJson).toList(),
                        bytes, iterations, threshold));
                // every rank exits with rank 0's verdict, as every rank of perf does
                return group.combine(0, passed ? 1 : 0) == 1 ? ExitCodes.OK : ExitCodes.WRONG_RESULT;
            }
        });
    }

    /** Prints the report on rank 0 and writes --json; whether the check passed. */
    private boolean report(PairMatrix matrix) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(P2pText.render(matrix));
        if (jsonFile != null) {
            try {
                Files.writeString(Path.of(jsonFile), P2pJson.render(matrix));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + jsonFile + ": " + e.getMessage(), e);
            }
            out.println("# Writing JSON output to " + jsonFile);
        }
        out.flush();
        return matrix.passed();
    }
}
