package org.ncclkit.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.ncclkit.info.GpuInfo;

/**
 * Compares the {@code info --json} documents of a cluster's nodes: for each field (GPU count and model, driver, CUDA,
 * NCCL, NET plugin, libfabric, EFA devices and link rate, NVLinks up, persistence, each {@code NCCL_*}/{@code FI_*}
 * variable) every node that differs from the majority is named with its value and the majority's. Where no value is
 * ahead (two nodes that differ, a 2-2 split) both sides are listed and no node is blamed. Uncorrected ECC errors are a
 * finding on their own.
 */
public final class InventoryDrift {
    private InventoryDrift() {
    }

    /** Findings in field order, then by node; empty when every node is alike and none has uncorrected ECC errors. */
    public static List<DriftFinding> find(List<NodeInventory> nodes) {
        List<DriftFinding> findings = new ArrayList<>();
        List<InventoryField> fields = new ArrayList<>(InventoryField.FIXED);
        fields.addAll(InventoryField.environment(nodes));
        for (InventoryField field : fields) {
            findings.addAll(compare(field, nodes));
        }
        for (NodeInventory node : nodes) {
            String ecc = uncorrectedEcc(node);
            if (ecc != null) {
                findings.add(new DriftFinding(DriftFinding.Kind.ECC, "ECC uncorrected", node.node(), ecc, null, 0,
                        nodes.size(), Map.of()));
            }
        }
        return findings;
    }

    /** The documents that {@code info --json} printed, by node name, in the caller's order. */
    public static List<DriftFinding> findInDocuments(Map<String, String> infoJsonByNode) {
        return find(infoJsonByNode.entrySet().stream().map(e -> NodeInventory.parse(e.getKey(), e.getValue())).toList());
    }

    private static List<DriftFinding> compare(InventoryField field, List<NodeInventory> nodes) {
        Map<String, List<String>> byValue = new LinkedHashMap<>();
        for (NodeInventory node : nodes) {
            byValue.computeIfAbsent(field.value().apply(node.info()), v -> new ArrayList<>()).add(node.node());
        }
        if (byValue.size() < 2) {
            return List.of();
        }
        List<Map.Entry<String, List<String>>> ranked = byValue.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> e.getValue().size()).reversed())
                .toList();
        Map.Entry<String, List<String>> top = ranked.get(0);
        if (top.getValue().size() == ranked.get(1).getValue().size()) {
            Map<String, List<String>> sides = new TreeMap<>(byValue);
            return List.of(new DriftFinding(DriftFinding.Kind.NO_MAJORITY, field.name(), null, null, null, 0,
                    nodes.size(), sides));
        }
        return ranked.subList(1, ranked.size()).stream()
                .flatMap(e -> e.getValue().stream().map(node -> new DriftFinding(DriftFinding.Kind.DIFFERS, field.name(),
                        node, e.getKey(), top.getKey(), top.getValue().size(), nodes.size(), Map.of())))
                .sorted(Comparator.comparing(DriftFinding::node))
                .toList();
    }

    /** "GPU 2: 3, GPU 5: 1", or null when no GPU reports an uncorrected error. */
    private static String uncorrectedEcc(NodeInventory node) {
        String errors = node.info().gpus().stream().filter(g -> g.eccUncorrected() != null && g.eccUncorrected() > 0)
                .map(InventoryDrift::gpuErrors).collect(Collectors.joining(", "));
        return errors.isEmpty() ? null : errors;
    }

    private static String gpuErrors(GpuInfo gpu) {
        return "GPU " + gpu.index() + " (" + gpu.pciBusId() + "): " + gpu.eccUncorrected();
    }
}
