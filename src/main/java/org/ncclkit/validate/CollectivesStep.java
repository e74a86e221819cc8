package org.ncclkit.validate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.ncclkit.bench.PerfConfig;
import org.ncclkit.bench.PerfEngine;
import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.bench.RendezvousProcessGroup;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.WorldPlacement;
import org.ncclkit.check.CheckStep;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;

/**
 * Step 4: collectives at a large size over all nodes with all their GPUs (all_reduce, all_gather, reduce_scatter,
 * alltoall), an all_reduce with one GPU a node (only the network between GPUs: the split of nccl-tests'
 * NCCL_TESTS_SPLIT into one GPU per node), and an all_reduce on each node alone (only NVLink), each beside the
 * expected bus bandwidth; NCCL's log is judged after them. Skipped when a node has already failed (the collectives
 * would only stop on it) or has no GPU.
 */
public final class CollectivesStep {
    static final String NAME = "collectives";
    static final List<Collective> OVER_ALL_NODES = List.of(Collective.ALL_REDUCE, Collective.ALL_GATHER,
            Collective.REDUCE_SCATTER, Collective.ALLTOALL);

    /** The size of each collective, timed iterations, and the limit of one run in seconds. */
    public record Settings(long bytes, int iterations, int timeoutSeconds) {
    }

    private CollectivesStep() {
    }

    public static void run(StepContext ctx, InventoryStep.Gpus gpus, Settings settings, ExpectedBusBandwidth expected,
                           double threshold, int indexOnHost, Consumer<Runnable> onAbort, LogJudge log) {
        Optional<String> skip = GpuSteps.reasonToSkip(ctx, gpus);
        List<String> failed = ctx.root() ? ctx.verdicts().withVerdict(NodeVerdict.FAIL) : List.of();
        if (skip.isEmpty() && !ctx.agree(failed.isEmpty())) {
            skip = Optional.of("meaningless with failed node(s) " + String.join(", ", failed) + ": they would stop every collective");
        }
        if (skip.isPresent()) {
            ctx.ended(new ValidateReport.Step(NAME, CheckStep.Outcome.SKIPPED, skip.get(), List.of()));
            return;
        }
        int perNode = gpus.perNode();
        int nodes = ctx.nodes().size();
        List<String> problems = new ArrayList<>();
        ProcessGroup group = ctx.client().<ProcessGroup>map(RendezvousProcessGroup::new).orElse(ProcessGroup.alone());
        if (nodes > 1) {
            for (Collective c : OVER_ALL_NODES) {
                ctx.progress("step 4/5 collectives: " + c.label() + " over " + nodes + " nodes x " + perNode + " GPUs");
                measure(ctx, "all GPUs", c, settings, perNode, WorldPlacement.of(group, indexOnHost, perNode,
                        System.getenv("NCCL_TESTS_DEVICE")), expected, nodes, onAbort, problems);
            }
            if (perNode > 1) {
                ctx.progress("step 4/5 collectives: all_reduce over " + nodes + " nodes x 1 GPU (network only)");
                measure(ctx, "network only", Collective.ALL_REDUCE, settings, 1, WorldPlacement.of(group, indexOnHost, 1,
                        System.getenv("NCCL_TESTS_DEVICE")), expected, nodes, onAbort, problems);
            }
        }
        if (perNode > 1) {
            ctx.progress("step 4/5 collectives: all_reduce on each node alone (NVLink only)");
            nvlinkOnly(ctx, settings, perNode, expected, threshold, onAbort);
        }
        Optional<CheckStep> verdict = log.judge(NAME);
        String measured = String.join("; ", ctx.busbw().stream().map(b -> String.format("%s %s %.1f GB/s%s", b.run(),
                b.collective(), b.busbwGbps(), b.expectedGbps() == null ? "" : String.format(" (expected %.1f)", b.expectedGbps()))).toList());
        ctx.ended(new ValidateReport.Step(NAME, problems.isEmpty() ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL,
                (measured.isEmpty() ? "one GPU a node on one node: nothing to run" : measured)
                        + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)), List.of()).withLog(verdict));
    }

    private static void measure(StepContext ctx, String run, Collective collective, Settings settings, int gpusPerProcess,
                                WorldPlacement world, ExpectedBusBandwidth expected, int nodes, Consumer<Runnable> onAbort,
                                List<String> problems) {
        ResultRow row = once(collective, settings, gpusPerProcess, world, onAbort);
        if (!ctx.root()) {
            return;
        }
        var e = expected.at(collective, settings.bytes(), nodes, gpusPerProcess);
        long wrong = wrong(row);
        double busbw = row.outOfPlace().busBandwidth();
        ctx.measured(new ValidateReport.Busbw(run, collective.label(), row.sizeBytes(), busbw,
                e.map(ExpectedBusBandwidth.Expected::busbwGBps).orElse(null), e.map(ExpectedBusBandwidth.Expected::lowGBps).orElse(null),
                e.map(ExpectedBusBandwidth.Expected::basis).orElse("the model gives no figure for this shape (no NIC rate known, or one GPU in all)"), wrong));
        if (wrong > 0) {
            problems.add(run + " " + collective.label() + ": " + wrong + " elements wrong");
        }
        e.filter(x -> busbw < x.lowGBps())
                .ifPresent(x -> problems.add(String.format("%s %s %.1f GB/s is below the expected %.1f-%.1f GB/s",
                        run, collective.label(), busbw, x.lowGBps(), x.highGBps())));
    }

    /** Each node's all_reduce over its own GPUs; a node below {@code threshold} × the nodes' median is SUSPECT. */
    private static void nvlinkOnly(StepContext ctx, Settings settings, int perNode, ExpectedBusBandwidth expected,
                                   double threshold, Consumer<Runnable> onAbort) {
        ResultRow row = once(Collective.ALL_REDUCE, settings, perNode, WorldPlacement.of(ProcessGroup.alone(), 0, perNode,
                System.getenv("NCCL_TESTS_DEVICE")), onAbort);
        List<String> all = ctx.allGather(row.outOfPlace().busBandwidth() + " " + wrong(row));
        if (!ctx.root()) {
            return;
        }
        double[] busbw = all.stream().mapToDouble(s -> Double.parseDouble(s.split(" ")[0])).toArray();
        double median = PairSearch.median(java.util.Arrays.stream(busbw).boxed().toList());
        var e = expected.at(Collective.ALL_REDUCE, settings.bytes(), 1, perNode);
        for (int i = 0; i < busbw.length; i++) {
            long wrong = Long.parseLong(all.get(i).split(" ")[1]);
            String node = ctx.nodes().get(i);
            ctx.measured(new ValidateReport.Busbw("NVLink only: " + node, Collective.ALL_REDUCE.label(), row.sizeBytes(),
                    busbw[i], e.map(ExpectedBusBandwidth.Expected::busbwGBps).orElse(null),
                    e.map(ExpectedBusBandwidth.Expected::lowGBps).orElse(null),
                    e.map(ExpectedBusBandwidth.Expected::basis).orElse("the model gives no figure for this shape (no NIC rate known, or one GPU in all)"), wrong));
            if (wrong > 0) {
                ctx.verdicts().add(node, new Evidence(NAME, NodeVerdict.FAIL, "all_reduce on its own GPUs: " + wrong
                        + " elements wrong", "drain the node: its GPUs or NVLink corrupt data; check ECC and nvidia-smi nvlink -s"));
            } else if (busbw[i] < median * threshold) {
                ctx.verdicts().add(node, new Evidence(NAME, NodeVerdict.SUSPECT, String.format(
                        "all_reduce on its own GPUs %.1f GB/s, %.0f%% of the nodes' median %.1f GB/s", busbw[i],
                        100 * busbw[i] / median, median), "check NVLink (nvidia-smi nvlink -s, nvidia-smi topo -m) and "
                        + "the GPUs' clocks; drain it if it stays slow"));
            }
        }
    }

    private static ResultRow once(Collective collective, Settings settings, int gpusPerProcess, WorldPlacement world,
                                  Consumer<Runnable> onAbort) {
        PerfConfig config = new PerfConfig(collective, 1, gpusPerProcess, settings.bytes(), settings.bytes(), 1 << 20, 1,
                settings.iterations(), 5, 1, 1, 1, List.of(RedOp.SUM), List.of(DataType.FLOAT), 0, 0,
                settings.timeoutSeconds(), false, 1, false, false, 1, false, 0, false, 0, null, false, null);
        try (AbortOnStall stall = new AbortOnStall(Duration.ofSeconds(settings.timeoutSeconds()));
             PerfEngine engine = new PerfEngine(config, world, stall.watchdog())) {
            stall.onStall(engine::abortCommunicators);
            onAbort.accept(engine::abortCommunicators);
            return engine.run(r -> { }).getLast();
        }
    }

    private static long wrong(ResultRow row) {
        return (row.outOfPlace().wrong() == null ? 0 : row.outOfPlace().wrong())
                + (row.inPlace().wrong() == null ? 0 : row.inPlace().wrong());
    }
}
