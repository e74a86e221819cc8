package org.ncclkit.check;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes implicated by the most slow or wrong pairs. A bad node spoils every pair it is in, while each good node
 * meets it only once: with one bad node among 8, it is in 7 flagged pairs and every other node in 1.
 */
public final class Suspects {
    private Suspects() {
    }

    /** The nodes tied for the most flagged pairs, by name; empty when no pair is flagged. */
    public static List<Suspect> of(List<PairResult> pairs) {
        Map<String, int[]> counts = new TreeMap<>(); // node -> {flagged, all}
        for (PairResult p : pairs) {
            for (String node : p.lowNode().equals(p.highNode()) ? List.of(p.lowNode()) : List.of(p.lowNode(), p.highNode())) {
                int[] count = counts.computeIfAbsent(node, n -> new int[2]);
                count[0] += p.flagged() ? 1 : 0;
                count[1]++;
            }
        }
        int most = counts.values().stream().mapToInt(c -> c[0]).max().orElse(0);
        if (most == 0) {
            return List.of();
        }
        return counts.entrySet().stream().filter(e -> e.getValue()[0] == most)
                .map(e -> new Suspect(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }
}
