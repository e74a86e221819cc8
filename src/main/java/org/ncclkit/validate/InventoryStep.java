package org.ncclkit.validate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ncclkit.check.CheckStep;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.info.NodeProbe;
import org.ncclkit.report.Json;

/**
 * Step 1: every node's {@code ncclkit info --json}, gathered on rank 0 (or given by the SSH layer), compared by the
 * drift finder; every rank learns how many GPUs each node has, which decides the GPU steps.
 */
public final class InventoryStep {
    /** Each node's GPU count and, where it has none, why (in rank order, on every rank). */
    public record Gpus(List<Integer> counts, List<String> problems) {
        public boolean everywhere() {
            return counts.stream().allMatch(c -> c > 0);
        }

        public int perNode() {
            return counts.stream().mapToInt(Integer::intValue).min().orElse(0);
        }

        /** The first node without a GPU and why, for a step that is skipped. */
        public String firstMissing(List<String> nodes) {
            for (int i = 0; i < counts.size(); i++) {
                if (counts.get(i) == 0) {
                    return nodes.get(i) + ": " + problems.get(i);
                }
            }
            return "";
        }
    }

    private InventoryStep() {
    }

    /** Probes this node and takes part in gathering everyone's inventory. */
    public static Gpus run(StepContext ctx, InventoryDrift drift) {
        NodeInfo info = NodeProbe.probe();
        String json = Json.write(info);
        Map<String, String> inventories = new LinkedHashMap<>();
        if (ctx.client().isPresent()) {
            List<byte[]> all = ctx.client().get().gather(0, json.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < all.size(); i++) {
                inventories.put(ctx.nodes().get(i), new String(all.get(i), StandardCharsets.UTF_8));
            }
        } else {
            inventories.put(ctx.nodes().getFirst(), json);
        }
        if (ctx.root()) {
            judge(ctx, drift, inventories);
        }
        List<String> gpus = ctx.allGather(info.gpus().size() + "\n" + (info.gpuProblem() == null ? "" : info.gpuProblem()));
        return new Gpus(gpus.stream().map(g -> Integer.parseInt(g.substring(0, g.indexOf('\n')))).toList(),
                gpus.stream().map(g -> g.substring(g.indexOf('\n') + 1)).toList());
    }

    /** Rank 0 (or the leader with inventories from SSH): each difference from the majority is a SUSPECT line. */
    public static void judge(StepContext ctx, InventoryDrift drift, Map<String, String> inventories) {
        Optional<List<InventoryDrift.Difference>> differences = drift.find(inventories);
        String detail;
        CheckStep.Outcome outcome;
        if (differences.isEmpty()) {
            outcome = CheckStep.Outcome.SKIPPED;
            detail = inventories.size() + " inventories gathered; drift not compared (no drift finder in this build)";
        } else {
            for (InventoryDrift.Difference d : differences.get()) {
                ctx.verdicts().add(d.node(), new Evidence("inventory", NodeVerdict.SUSPECT,
                        d.field() + " is " + d.value() + "; the majority has " + d.majority(),
                        "make " + d.field() + " match the other nodes (same driver, CUDA, NCCL, plugin and settings), or drain the node"));
            }
            long nodes = differences.get().stream().map(InventoryDrift.Difference::node).distinct().count();
            outcome = differences.get().isEmpty() ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL;
            detail = inventories.size() + " inventories; " + (nodes == 0 ? "no drift" : nodes + " node(s) differ from the majority");
        }
        ctx.ended(new ValidateReport.Step("inventory", outcome, detail, List.of()));
    }
}
