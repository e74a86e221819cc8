package org.ncclkit.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every pair's result of a {@code check p2p} run, assembled on rank 0 from each rank's measurements: a pair's time is
 * the slower of its two sides, its wrong count the sum. A pair is slow when its bandwidth is below
 * {@code median × threshold} or its latency above {@code median ÷ latencyThreshold} (a looser one by default: small
 * exchanges jitter more than large ones); wrong data always fails.
 */
public record PairMatrix(List<String> nodes, long bytes, int iterations, double threshold, double latencyThreshold,
                         List<PairResult> pairs, double bandwidthMedian, double latencyMedian, List<Suspect> suspects) {

    public static PairMatrix of(List<RankMeasurements> ranks, long bytes, int iterations, double threshold,
                                double latencyThreshold) {
        List<String> nodes = ranks.stream().map(RankMeasurements::node).toList();
        Map<RankPair, List<PeerMeasurement>> sides = new HashMap<>();
        for (RankMeasurements r : ranks) {
            for (PeerMeasurement m : r.peers()) {
                sides.computeIfAbsent(RankPair.of(r.rank(), m.peer()), p -> new ArrayList<>()).add(m);
            }
        }
        List<RankPair> all = PairSchedule.of(ranks.size()).rounds().stream().flatMap(List::stream).sorted().toList();
        double[] bandwidth = new double[all.size()];
        double[] latency = new double[all.size()];
        long[] wrong = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            List<PeerMeasurement> both = sides.getOrDefault(all.get(i), List.of());
            if (both.size() != 2) {
                throw new IllegalStateException("pair " + all.get(i) + " has " + both.size() + " measurements, not 2");
            }
            bandwidth[i] = bytes / 1e9 / Math.max(both.get(0).bandwidthSeconds(), both.get(1).bandwidthSeconds());
            latency[i] = Math.max(both.get(0).latencySeconds(), both.get(1).latencySeconds()) * 1e6;
            wrong[i] = both.get(0).wrong() + both.get(1).wrong();
        }
        double bandwidthMedian = median(bandwidth);
        double latencyMedian = median(latency);
        List<PairResult> pairs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            RankPair p = all.get(i);
            pairs.add(new PairResult(p, nodes.get(p.low()), nodes.get(p.high()), bandwidth[i], latency[i], wrong[i],
                    bandwidth[i] < bandwidthMedian * threshold, latency[i] > latencyMedian / latencyThreshold));
        }
        return new PairMatrix(nodes, bytes, iterations, threshold, latencyThreshold, List.copyOf(pairs), bandwidthMedian,
                latencyMedian, Suspects.of(pairs));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public int ranks() {
        return nodes.size();
    }

    /** The result of the pair of two distinct ranks, in either order. */
    public PairResult pair(int a, int b) {
        RankPair wanted = RankPair.of(a, b);
        return pairs.stream().filter(p -> p.pair().equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pair " + wanted));
    }

    public List<PairResult> flagged() {
        return pairs.stream().filter(PairResult::flagged).toList();
    }

    public long nodeCount() {
        return nodes.stream().distinct().count();
    }

    public boolean passed() {
        return flagged().isEmpty();
    }
}
