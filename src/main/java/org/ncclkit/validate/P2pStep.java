package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.ncclkit.bench.PairwiseExchange;
import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.bench.RendezvousProcessGroup;
import org.ncclkit.bench.WorldPlacement;
import org.ncclkit.check.CheckStep;
import org.ncclkit.check.PeerMeasurement;
import org.ncclkit.check.PeerSide;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.rendezvous.RendezvousClient;

/**
 * Step 3: NCCL send/receive between pairs of nodes, one GPU a node, on the search's rounds ({@link PairwiseExchange}
 * with the pairs rank 0 plans). Skipped, with the reason, where a node has no GPU or no NCCL.
 */
public final class P2pStep {
    static final String NAME = "p2p";
    private static final String SLOW = "compare this node with a good one: GPU-NIC placement (nvidia-smi topo -m), NIC "
            + "link rate, CPU binding of the rank (a rank held to one core is slow), clocks; rerun 'ncclkit check p2p' "
            + "on the two; drain it if it stays slow";
    private static final String BROKEN = "drain the node: NCCL moved wrong data through it; check GPU ECC "
            + "(nvidia-smi -q -d ECC) and the NIC";

    /** The message of the bandwidth exchange, timed exchanges per pair, and the limit for one pair's exchanges. */
    public record Settings(long bytes, int iterations, java.time.Duration pairLimit) {
    }

    private P2pStep() {
    }

    /** Whether NCCL can run here: empty, or why not (every rank calls it; the answers are gathered). */
    static String ncclProblem() {
        try {
            Libraries.require(LibrarySpec.CUDA);
            Libraries.require(LibrarySpec.NCCL);
            return "";
        } catch (LibraryNotFoundException e) {
            return e.getMessage();
        }
    }

    /**
     * The p2p step on this rank; {@code indexOnHost} places its GPU, {@code onAbort} is given the communicator's
     * abort for when another rank fails; NCCL's log is judged after it. Returns whether it ran.
     */
    public static boolean run(StepContext ctx, InventoryStep.Gpus gpus, Settings settings, PairSearch.Settings judging,
                              int maxPairs, int indexOnHost, Consumer<Runnable> onAbort, LogJudge log) {
        if (ctx.client().isEmpty()) {
            ctx.ended(new ValidateReport.Step(NAME, CheckStep.Outcome.SKIPPED, "one node: no pair to test", List.of()));
            return false;
        }
        Optional<String> skip = GpuSteps.reasonToSkip(ctx, gpus);
        if (skip.isPresent()) {
            ctx.ended(new ValidateReport.Step(NAME, CheckStep.Outcome.SKIPPED, skip.get(), List.of()));
            return false;
        }
        RendezvousClient client = ctx.client().get();
        ProcessGroup group = new RendezvousProcessGroup(client);
        WorldPlacement world = WorldPlacement.of(group, indexOnHost, 1, System.getenv("NCCL_TESTS_DEVICE"));
        ctx.progress("step 3/5 p2p: NCCL send/receive of " + settings.bytes() + " bytes x " + settings.iterations()
                + " between pairs of nodes");
        List<Integer> waves = new ArrayList<>();
        Optional<PairSearch> search = ctx.root() ? Optional.of(new PairSearch(ctx.nodes(), ctx.groups(), judging)) : Optional.empty();
        try (PairwiseExchange exchange = new PairwiseExchange(world, settings.bytes(), settings.iterations(), settings.pairLimit())) {
            onAbort.accept(exchange::abortCommunicator);
            new PairRounds(client, maxPairs).run(search, (running, peer) -> exchange.exchange(running)
                    .map(m -> side(client.rank(), m, settings.bytes())).orElse(PeerSide.idle(client.rank())),
                    ctx.deadline(), report -> {
                        waves.add(report.waves());
                        ctx.progress(SearchEvidence.roundLine("step 3/5 p2p", report, search.get()));
                    });
        }
        Optional<CheckStep> verdict = log.judge(NAME);
        if (ctx.root()) {
            ctx.ended(SearchEvidence.record(NAME, search.get(), waves, ctx, SLOW, BROKEN).withLog(verdict));
        }
        return true;
    }

    /** Both directions ran at once: each side's exchange time stands for what it received. */
    private static PeerSide side(int rank, PeerMeasurement m, long bytes) {
        return new PeerSide(rank, m.peer(), bytes / 1e9 / m.bandwidthSeconds(), m.latencySeconds() * 1e6, m.wrong(), null);
    }
}
