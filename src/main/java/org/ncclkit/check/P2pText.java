package org.ncclkit.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import org.ncclkit.bench.Sizes;
import org.ncclkit.cluster.TextTable;

/**
 * The text report of {@code check p2p}: a header naming each rank's node; up to {@link #MATRIX_MAX_RANKS} ranks a
 * bandwidth and a latency matrix (rank × rank, within 80 columns) followed by the flagged pairs, beyond that every
 * pair in a list, flagged pairs first and then slowest first; then the medians and the verdict.
 */
public final class P2pText {
    /** The most ranks whose matrix fits 80 columns. */
    public static final int MATRIX_MAX_RANKS = 8;
    private static final String CELL = "%9s";

    private P2pText() {
    }

    public static String render(PairMatrix m) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "# ncclkit check p2p: %d ranks on %d nodes, %s per exchange (latency: %d B), "
                        + "%d iterations, threshold %s (latency %s)%n", m.ranks(), m.nodeCount(), Sizes.human(m.bytes()),
                PeerMeasurement.LATENCY_BYTES, m.iterations(), number(m.threshold(), 2), number(m.latencyThreshold(), 2)));
        TextTable legend = new TextTable("#  RANK", "NODE");
        for (int r = 0; r < m.ranks(); r++) {
            legend.add("#  " + r, m.nodes().get(r));
        }
        text.append(legend.render());
        if (m.ranks() <= MATRIX_MAX_RANKS) {
            text.append("# Bandwidth per direction, GB/s (* slow, ! wrong data)\n");
            text.append(matrix(m, p -> number(p.bandwidthGBps(), 2), PairResult::slowBandwidth));
            text.append("# Latency (exchange of ").append(PeerMeasurement.LATENCY_BYTES).append(" B), us (* slow, ! wrong data)\n");
            text.append(matrix(m, p -> number(p.latencyMicros(), 1), PairResult::slowLatency));
            if (!m.flagged().isEmpty()) {
                text.append("# Flagged pairs\n").append(pairList(m, m.flagged()));
            }
        } else {
            text.append("# Every pair, flagged first, then slowest first\n").append(pairList(m, m.pairs()));
        }
        text.append(String.format(Locale.ROOT, "# bandwidth median %s GB/s (min %s, max %s), latency median %s us (min %s, max %s)%n",
                number(m.bandwidthMedian(), 2), number(extreme(m, PairResult::bandwidthGBps, false), 2),
                number(extreme(m, PairResult::bandwidthGBps, true), 2), number(m.latencyMedian(), 1),
                number(extreme(m, PairResult::latencyMicros, false), 1), number(extreme(m, PairResult::latencyMicros, true), 1)));
        text.append(verdict(m)).append('\n');
        return text.toString();
    }

    /** The last line: passed, or how many pairs failed and which nodes are suspect. */
    public static String verdict(PairMatrix m) {
        return "# check p2p " + (m.passed() ? "passed: " : "FAILED: ") + outcome(m);
    }

    /** How many pairs, and for a failed check how many were slow or wrong and which nodes are suspect. */
    public static String outcome(PairMatrix m) {
        if (m.passed()) {
            return m.pairs().size() + (m.pairs().size() == 1 ? " pair" : " pairs") + ", no slow pair, no wrong data";
        }
        long slow = m.pairs().stream().filter(p -> p.slowBandwidth() || p.slowLatency()).count();
        long wrong = m.pairs().stream().filter(p -> p.wrong() > 0).count();
        List<String> suspects = m.suspects().stream()
                .map(s -> s.node() + " (" + s.flaggedPairs() + " of " + s.pairs() + " pairs flagged)").toList();
        return slow + " of " + m.pairs().size() + " pairs slow, " + (wrong == 0 ? "none" : Long.toString(wrong))
                + " with wrong data; suspect node(s): " + String.join(", ", suspects);
    }

    private static String matrix(PairMatrix m, Function<PairResult, String> value, Predicate<PairResult> slow) {
        StringBuilder text = new StringBuilder(String.format("%6s", "rank"));
        for (int c = 0; c < m.ranks(); c++) {
            text.append(String.format(CELL, c + " "));
        }
        text.append('\n');
        for (int r = 0; r < m.ranks(); r++) {
            text.append(String.format("%6d", r));
            for (int c = 0; c < m.ranks(); c++) {
                String cell = "- ";
                if (c != r) {
                    PairResult p = m.pair(r, c);
                    cell = value.apply(p) + (p.wrong() > 0 ? "!" : slow.test(p) ? "*" : " ");
                }
                text.append(String.format(CELL, cell));
            }
            text.append('\n');
        }
        return text.toString().replaceAll(" +\n", "\n");
    }

    private static String pairList(PairMatrix m, List<PairResult> pairs) {
        TextTable table = new TextTable("PAIR", "NODES", "GB/S", "US", "WRONG", "FLAGS");
        pairs.stream().sorted(Comparator.comparing((PairResult p) -> !p.flagged()).thenComparingDouble(PairResult::bandwidthGBps))
                .forEach(p -> table.add(p.pair().toString(), p.lowNode() + " - " + p.highNode(), number(p.bandwidthGBps(), 2),
                        number(p.latencyMicros(), 1), Long.toString(p.wrong()), flags(m, p)));
        return table.render();
    }

    private static String flags(PairMatrix m, PairResult p) {
        List<String> flags = new ArrayList<>();
        if (p.slowBandwidth()) {
            flags.add("slow bandwidth (" + number(p.bandwidthGBps() / m.bandwidthMedian(), 2) + " of median)");
        }
        if (p.slowLatency()) {
            flags.add("slow latency (" + number(p.latencyMicros() / m.latencyMedian(), 2) + "x median)");
        }
        if (p.wrong() > 0) {
            flags.add("wrong data");
        }
        return flags.isEmpty() ? "-" : String.join(", ", flags);
    }

    private static double extreme(PairMatrix m, ToDoubleFunction<PairResult> value, boolean max) {
        var stats = m.pairs().stream().mapToDouble(value).summaryStatistics();
        return max ? stats.getMax() : stats.getMin();
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
