package org.ncclkit.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/** Made-up {@code check p2p} measurements: every pair's bandwidth, latency and wrong count chosen by the test. */
final class SyntheticRuns {
    /** 10^9 bytes, so that seconds per exchange are simply 1 / (GB/s). */
    static final long BYTES = 1_000_000_000L;

    /** What a pair measured, the same on both of its sides (wrong elements seen by the lower rank). */
    record Measured(double gbps, double micros, long wrong) {
        static Measured of(double gbps, double micros) {
            return new Measured(gbps, micros, 0);
        }
    }

    private SyntheticRuns() {
    }

    /** One rank per node, named node0, node1, ... */
    static List<String> nodes(int count) {
        return IntStream.range(0, count).mapToObj(i -> "node" + i).toList();
    }

    static PairMatrix matrix(List<String> nodes, BiFunction<Integer, Integer, Measured> pairs) {
        return PairMatrix.of(measurements(nodes, pairs), BYTES, 20, 0.8, 0.8);
    }

    static List<RankMeasurements> measurements(List<String> nodes, BiFunction<Integer, Integer, Measured> pairs) {
        List<RankMeasurements> ranks = new ArrayList<>();
        for (int r = 0; r < nodes.size(); r++) {
            List<PeerMeasurement> peers = new ArrayList<>();
            for (int q = 0; q < nodes.size(); q++) {
                if (q != r) {
                    Measured m = pairs.apply(Math.min(r, q), Math.max(r, q));
                    peers.add(new PeerMeasurement(q, 1 / m.gbps(), m.micros() / 1e6, r < q ? m.wrong() : 0));
                }
            }
            ranks.add(new RankMeasurements(r, nodes.get(r), peers));
        }
        return ranks;
    }

    /** Every pair at 20 GB/s and 10 µs except those that touch the bad nodes, at 5 GB/s. */
    static PairMatrix withSlowNodes(int count, Integer... bad) {
        List<Integer> slow = List.of(bad);
        return matrix(nodes(count), (a, b) -> Measured.of(slow.contains(a) || slow.contains(b) ? 5 : 20, 10));
    }
}
