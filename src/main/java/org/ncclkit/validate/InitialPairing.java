package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ncclkit.check.RankPair;

/**
 * The first round of the search: every node in one pair, the pairs inside a group (a leaf switch, a rack) first, so
 * that a round of N/2 simultaneous pairs loads the nodes' own links and the leaf switches rather than the spine. The
 * one node left over in each group of odd size is paired across groups; with an odd number of nodes one sits out.
 */
public final class InitialPairing {
    private InitialPairing() {
    }

    /** The pairs for nodes {@code 0..groups.size()-1}, where {@code groups.get(i)} names node i's group. */
    public static List<RankPair> of(List<String> groups) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int node = 0; node < groups.size(); node++) {
            members.computeIfAbsent(groups.get(node), g -> new ArrayList<>()).add(node);
        }
        List<RankPair> pairs = new ArrayList<>();
        List<Integer> leftOver = new ArrayList<>();
        for (List<Integer> group : members.values()) {
            for (int i = 0; i + 1 < group.size(); i += 2) {
                pairs.add(RankPair.of(group.get(i), group.get(i + 1)));
            }
            if (group.size() % 2 == 1) {
                leftOver.add(group.getLast());
            }
        }
        for (int i = 0; i + 1 < leftOver.size(); i += 2) {
            pairs.add(RankPair.of(leftOver.get(i), leftOver.get(i + 1)));
        }
        return List.copyOf(pairs);
    }
}
