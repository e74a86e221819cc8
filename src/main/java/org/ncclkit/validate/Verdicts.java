package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evidence gathered against each node over all steps, in node order; a node's verdict is its worst line's. */
public final class Verdicts {
    private final Map<String, List<Evidence>> byNode = new LinkedHashMap<>();

    public Verdicts(List<String> nodes) {
        nodes.forEach(node -> byNode.put(node, new ArrayList<>()));
    }

    public void add(String node, Evidence evidence) {
        List<Evidence> lines = byNode.get(node);
        if (lines == null) {
            throw new IllegalArgumentException("no node " + node);
        }
        lines.add(evidence);
    }

    public List<String> nodes() {
        return List.copyOf(byNode.keySet());
    }

    public NodeVerdict verdict(String node) {
        return byNode.get(node).stream().map(Evidence::verdict).reduce(NodeVerdict.PASS, NodeVerdict::worse);
    }

    public List<Evidence> evidence(String node) {
        return List.copyOf(byNode.get(node));
    }

    /** The remediation of the first line of the node's worst verdict; empty for a node that passes. */
    public String remediation(String node) {
        NodeVerdict worst = verdict(node);
        return byNode.get(node).stream().filter(e -> e.verdict() == worst).map(Evidence::remediation).findFirst().orElse("");
    }

    public List<String> withVerdict(NodeVerdict verdict) {
        return byNode.keySet().stream().filter(node -> verdict(node) == verdict).toList();
    }

    public boolean allPass() {
        return byNode.keySet().stream().allMatch(node -> verdict(node) == NodeVerdict.PASS);
    }
}
