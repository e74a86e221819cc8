package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.ncclkit.check.PairSchedule;
import org.ncclkit.check.RankPair;
import org.ncclkit.report.Json;

/**
 * The pair search run against a simulated cluster, on the CPU: nodes on leaf switches under a spine that may be
 * oversubscribed, some nodes slow, each measurement with noise. A pair within one leaf gets the slower of its two
 * nodes; a pair across leaves gets at most its share of each leaf's uplinks, so a round of N/2 pairs placed without
 * regard to the leaves measures the spine. Used by the tests (targets of rounds, nobody healthy blamed) and by
 * {@code ncclkit validate --simulate} for the figures in the docs.
 */
public final class SearchSimulation {
    /**
     * Whether the search knows the leaves (pairs within them first), sees the nodes in an order unrelated to them, or
     * sees them so but runs each round in waves (--max-pairs) small enough for the spine.
     */
    public enum Placement { LEAF_AWARE, UNAWARE, UNAWARE_IN_WAVES }

    /**
     * The cluster: {@code nodes} on leaves of {@code nodesPerLeaf}, uplink capacity of a leaf = its nodes' links ÷
     * {@code oversubscription}; the nodes of {@code bad} run at {@code badFactor} of a good node's bandwidth; every
     * measurement is scaled by 1 + {@code noise} × a standard normal deviate.
     */
    public record Cluster(int nodes, int nodesPerLeaf, double oversubscription, Set<Integer> bad, double badFactor,
                          double noise) {
        /** {@code badCount} bad nodes drawn with {@code seed}, on leaves of 32 under a 2:1 spine, 3% noise, bad at 60%. */
        public static Cluster typical(int nodes, int badCount, long seed) {
            Random random = new Random(seed);
            List<Integer> all = new ArrayList<>(IntStream.range(0, nodes).boxed().toList());
            Collections.shuffle(all, random);
            return new Cluster(nodes, 32, 2.0, new TreeSet<>(all.subList(0, badCount)), 0.6, 0.03);
        }
    }

    /**
     * What the search found: rounds (and how many of them tested every node), pairs tested, the convicted and
     * remaining suspect nodes (by physical index), the healthy ones blamed, rank 0's load, and the JSON size of
     * the rounds rank 0 keeps.
     */
    public record Result(int nodes, Placement placement, int rounds, int pairsTested, int exhaustiveRounds,
                         Set<Integer> bad, Set<Integer> convicted, Set<Integer> suspects, Set<Integer> healthyBlamed,
                         double firstRoundMedianOfLink, RankZeroLoad pluginLoad, RankZeroLoad p2pLoad,
                         long roundsJsonBytes) {
        /** Every bad node convicted and no healthy node blamed (convicted or left a suspect). */
        public boolean exact() {
            return convicted.equals(bad) && healthyBlamed.isEmpty();
        }
    }

    private SearchSimulation() {
    }

    public static Result run(Cluster cluster, Placement placement, long seed) {
        Random random = new Random(seed);
        int n = cluster.nodes();
        // logical index (what the search sees) -> physical node
        List<Integer> physical = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        if (placement != Placement.LEAF_AWARE) {
            Collections.shuffle(physical, random);
        }
        List<String> names = IntStream.range(0, n).mapToObj(i -> "node" + physical.get(i)).toList();
        List<String> groups = IntStream.range(0, n)
                .mapToObj(i -> placement == Placement.LEAF_AWARE ? "leaf" + physical.get(i) / cluster.nodesPerLeaf() : "")
                .toList();
        PairSearch search = new PairSearch(names, groups, PairSearch.Settings.defaults(n));
        int pairs = 0;
        double firstRoundMedian = Double.NaN;
        RankZeroLoad plugin = RankZeroLoad.NONE;
        RankZeroLoad p2p = RankZeroLoad.NONE;
        while (true) {
            var round = search.nextRound();
            if (round.isEmpty()) {
                break;
            }
            List<RankPair> logical = round.get();
            pairs += logical.size();
            List<PairOutcome> outcomes = new ArrayList<>();
            int wave = placement == Placement.UNAWARE_IN_WAVES ? wavePairs(cluster) : logical.size();
            for (int i = 0; i < logical.size(); i += wave) {
                outcomes.addAll(measure(cluster, logical.subList(i, Math.min(logical.size(), i + wave)), physical, random));
            }
            long waves = (logical.size() + wave - 1) / wave;
            plugin = plugin.plus(RankZeroLoad.pluginRound(n, waves));
            p2p = p2p.plus(RankZeroLoad.p2pRound(n, waves));
            var judged = search.record(outcomes);
            if (judged.number() == 1) {
                firstRoundMedian = judged.baselineGBps();
            }
        }
        Set<Integer> convicted = new TreeSet<>();
        Set<Integer> suspects = new TreeSet<>();
        for (PairSearch.Finding f : search.findings()) {
            int node = physical.get(f.node());
            if (f.standing() == Standing.BAD) {
                convicted.add(node);
            } else if (f.standing() != Standing.GOOD) {
                suspects.add(node);
            }
        }
        Set<Integer> blamed = new TreeSet<>(convicted);
        blamed.addAll(suspects);
        blamed.removeAll(cluster.bad());
        int rounds = search.rounds().size();
        return new Result(n, placement, rounds, pairs, PairSchedule.of(n).rounds().size(), cluster.bad(), convicted,
                suspects, blamed, firstRoundMedian, plugin, p2p, Json.write(search.rounds()).length());
    }

    /**
     * Pairs a wave may hold so that random pairs do not exceed the spine: a leaf's uplinks carry nodesPerLeaf ÷
     * oversubscription pairs, and a wave of K random pairs puts about 2K × nodesPerLeaf ÷ N of them on each leaf; half
     * of that again leaves room for the leaves that draw more than their share.
     */
    public static int wavePairs(Cluster cluster) {
        return Math.max(1, (int) (cluster.nodes() / (2 * cluster.oversubscription()) / 2));
    }

    /** The round's pairs measured at once: each gets the slower node's link, or less where the leaves' uplinks are shared. */
    private static List<PairOutcome> measure(Cluster cluster, List<RankPair> logical, List<Integer> physical, Random random) {
        Map<Integer, Integer> crossingPerLeaf = new HashMap<>();
        for (RankPair p : logical) {
            int leafA = physical.get(p.low()) / cluster.nodesPerLeaf();
            int leafB = physical.get(p.high()) / cluster.nodesPerLeaf();
            if (leafA != leafB) {
                crossingPerLeaf.merge(leafA, 1, Integer::sum);
                crossingPerLeaf.merge(leafB, 1, Integer::sum);
            }
        }
        double uplink = cluster.nodesPerLeaf() / cluster.oversubscription();
        List<PairOutcome> outcomes = new ArrayList<>();
        for (RankPair p : logical) {
            int a = physical.get(p.low());
            int b = physical.get(p.high());
            double link = Math.min(speed(cluster, a), speed(cluster, b));
            int leafA = a / cluster.nodesPerLeaf();
            int leafB = b / cluster.nodesPerLeaf();
            if (leafA != leafB) {
                link = Math.min(link, Math.min(uplink / crossingPerLeaf.get(leafA), uplink / crossingPerLeaf.get(leafB)));
            }
            double there = link * (1 + cluster.noise() * random.nextGaussian());
            double back = link * (1 + cluster.noise() * random.nextGaussian());
            double latency = 10 * (1 + cluster.noise() * random.nextGaussian()) / Math.min(1, link);
            outcomes.add(new PairOutcome(p, there, back, latency, 0, null));
        }
        return outcomes;
    }

    private static double speed(Cluster cluster, int node) {
        return cluster.bad().contains(node) ? cluster.badFactor() : 1.0;
    }
}
