package org.ncclkit.validate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ncclkit.check.CheckStep;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.info.NodeProbe;
import org.ncclkit.inventory.DriftFinding;
import org.ncclkit.inventory.InventoryDrift;
import org.ncclkit.inventory.InventoryField;
import org.ncclkit.inventory.NodeInventory;
import org.ncclkit.report.Json;

/**
 * Step 1: every node's {@code ncclkit info --json}, gathered on rank 0, compared by the drift finder
 * ({@link InventoryDrift}); every rank learns how many GPUs each node has, which decides the GPU steps.
 */
public final class InventoryStep {
    private static final String NODE_IDENTITY = "NCCL_HOSTID";
    /** Each node's GPU count and, where it has none, why (in rank order, on every rank); {@code here}: this node's inventory. */
    public record Gpus(List<Integer> counts, List<String> problems, NodeInfo here) {
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
    public static Gpus run(StepContext ctx) {
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
            judge(ctx, inventories);
        }
        List<String> gpus = ctx.allGather(info.gpus().size() + "\n" + (info.gpuProblem() == null ? "" : info.gpuProblem()));
        return new Gpus(gpus.stream().map(g -> Integer.parseInt(g.substring(0, g.indexOf('\n')))).toList(),
                gpus.stream().map(g -> g.substring(g.indexOf('\n') + 1)).toList(), info);
    }

    /**
     * Rank 0: every node that differs from the majority is SUSPECT on that field (both values named), uncorrected ECC
     * errors are FAIL; a split without majority blames no node and is said in the step's detail. Each node's GPUs and
     * software versions are kept for the report.
     */
    static void judge(StepContext ctx, Map<String, String> inventories) {
        List<DriftFinding> findings;
        try {
            // NCCL_HOSTID names a node to NCCL (ncclkit run --simulate-nodes sets one per rank): it differs by design
            List<NodeInventory> parsed = inventories.entrySet().stream().map(e -> NodeInventory.parse(e.getKey(), e.getValue())).toList();
            findings = InventoryDrift.find(parsed).stream().filter(f -> !f.field().equals(NODE_IDENTITY)).toList();
            parsed.forEach(n -> ctx.inventoried(n.node(), InventoryField.software(n.info())));
        } catch (RuntimeException e) {
            ctx.ended(new ValidateReport.Step("inventory", CheckStep.Outcome.SKIPPED, inventories.size()
                    + " inventories gathered; not compared: " + e.getMessage(), List.of()));
            return;
        }
        List<String> unblamed = new ArrayList<>();
        for (DriftFinding f : findings) {
            switch (f.kind()) {
                case ECC -> ctx.verdicts().add(f.node(), new Evidence("inventory", NodeVerdict.FAIL, f.describe(),
                        "drain the node: a GPU has uncorrected ECC errors (nvidia-smi -q -d ECC); reset or replace it"));
                case DIFFERS -> ctx.verdicts().add(f.node(), new Evidence("inventory", NodeVerdict.SUSPECT, f.describe(),
                        "make " + f.field() + " match the other nodes (" + f.majorityValue() + "), or drain the node"));
                case NO_MAJORITY -> unblamed.add(f.describe());
            }
        }
        long blamed = findings.stream().flatMap(f -> f.blamed().stream()).distinct().count();
        String detail = inventories.size() + " inventories; " + (blamed == 0 ? "no node differs from the majority"
                : blamed + " node(s) differ from the majority") + (unblamed.isEmpty() ? "" : "; " + String.join("; ", unblamed));
        ctx.ended(new ValidateReport.Step("inventory", blamed == 0 ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL, detail,
                List.of()));
    }
}
