package org.ncclkit.inventory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One way a cluster's nodes are not alike. {@code DIFFERS}: {@code node} has {@code value} where the majority of nodes
 * have {@code majorityValue}. {@code NO_MAJORITY}: the nodes split with no value ahead (a 2-node cluster that differs),
 * so {@code sides} lists every value with its nodes and no node is blamed. {@code ECC}: {@code node} has uncorrected
 * ECC errors, a finding whatever the other nodes have.
 */
public record DriftFinding(Kind kind, String field, String node, String value, String majorityValue, int majorityNodes,
                           int nodes, Map<String, List<String>> sides) {

    public enum Kind { DIFFERS, NO_MAJORITY, ECC }

    /** The nodes this finding blames: none for a split without majority. */
    public List<String> blamed() {
        return kind == Kind.NO_MAJORITY ? List.of() : List.of(node);
    }

    /** One line for the terminal and for validate's evidence. */
    public String describe() {
        return switch (kind) {
            case DIFFERS -> node + ": " + field + " " + value + ", the majority has " + majorityValue + " ("
                    + majorityNodes + " of " + nodes + " nodes)";
            case NO_MAJORITY -> field + " differs with no majority: " + sides.entrySet().stream()
                    .map(e -> e.getKey() + " on " + String.join(", ", e.getValue())).collect(Collectors.joining("; "));
            case ECC -> node + ": uncorrected ECC errors: " + value;
        };
    }
}
