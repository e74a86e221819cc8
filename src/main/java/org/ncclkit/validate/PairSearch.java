package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.ncclkit.check.RankPair;

/**
 * The search for bad nodes among N by rounds of disjoint pairs, kept on rank 0. The first round pairs every node
 * ({@link InitialPairing}); a pair that passes clears both its nodes. After it only the suspects are retested, each
 * with a node already cleared (of its own group first, one it has not met): a suspect that passes with a good node
 * is cleared, one flagged with {@link #CONFIRMATIONS} different good nodes is convicted. With references to spare,
 * one bad node among N is found in 3 rounds (all pairs, one retest, one confirmation) and every healthy node that
 * met it is cleared in the second; where good nodes run short, suspects meet each other, and a pair of them that
 * passes clears both, which at least halves the suspects of a round.
 *
 * <p>A pair is flagged when its test broke (wrong data, an error), when its slower direction is below
 * {@code threshold} × the baseline, or its latency above the baseline ÷ {@code latencyThreshold}. The baseline is the
 * median of the pairs that passed so far (of the first round's pairs before any has), so that the retests, which run
 * few pairs, are judged against the whole cluster and not against each other.
 */
public final class PairSearch {
    /** Different good nodes a suspect must be flagged with before it is convicted: one slow reference is not proof. */
    public static final int CONFIRMATIONS = 2;

    /**
     * How pairs are judged and how long the search may go on.
     *
     * @param floorGBps an absolute lower limit for a pair's bandwidth (the expected value × threshold), 0 for none:
     *                  the only way to fail the pairs of a 2-node cluster for slowness
     */
    public record Settings(double threshold, double latencyThreshold, int maxRounds, double floorGBps) {
        public Settings {
            if (!(threshold > 0 && threshold <= 1) || !(latencyThreshold > 0 && latencyThreshold <= 1)) {
                throw new IllegalArgumentException("thresholds must be in (0, 1]: " + threshold + ", " + latencyThreshold);
            }
            if (maxRounds < 1) {
                throw new IllegalArgumentException("at least one round, not " + maxRounds);
            }
        }

        /** The default judgement with room for the rounds that three bad nodes among {@code nodes} can need. */
        public static Settings defaults(int nodes) {
            return new Settings(0.8, 0.5, roundLimit(nodes), 0);
        }
    }

    /** One judged pair: what it measured, in which round, and why it is flagged (empty when it passed). */
    public record JudgedPair(int round, PairOutcome outcome, String problem) {
        public boolean flagged() {
            return !problem.isEmpty();
        }
    }

    /** One round: its pairs as judged, the baselines they were judged against, and whether it retested suspects. */
    public record Round(int number, boolean retest, List<JudgedPair> pairs, double baselineGBps, double baselineMicros) {
    }

    /** What the search says of one node: its standing and the lines of evidence behind it. */
    public record Finding(int node, String name, Standing standing, boolean broken, List<String> evidence) {
    }

    private final List<String> names;
    private final List<String> groups;
    private final Settings settings;
    private final Standing[] standing;
    private final int[] strikes;
    private final boolean[] broken;
    private final List<Set<Integer>> met;
    private final List<List<String>> evidence;
    private final List<Round> rounds = new ArrayList<>();
    private final List<Double> passedBandwidth = new ArrayList<>();
    private final List<Double> passedLatency = new ArrayList<>();
    private List<RankPair> planned;

    /** A search over the nodes named {@code names}, {@code groups.get(i)} being node i's leaf or rack. */
    public PairSearch(List<String> names, List<String> groups, Settings settings) {
        if (names.size() != groups.size() || names.size() < 2) {
            throw new IllegalArgumentException("need a name and a group for each of at least 2 nodes: " + names.size()
                    + " names, " + groups.size() + " groups");
        }
        this.names = List.copyOf(names);
        this.groups = List.copyOf(groups);
        this.settings = settings;
        int n = names.size();
        standing = new Standing[n];
        Arrays.fill(standing, Standing.UNTESTED);
        strikes = new int[n];
        broken = new boolean[n];
        met = IntStream.range(0, n).<Set<Integer>>mapToObj(i -> new HashSet<>()).toList();
        evidence = IntStream.range(0, n).<List<String>>mapToObj(i -> new ArrayList<>()).toList();
    }

    /** Rounds enough for a few bad nodes: ⌊log2 N⌋ + 3, the target for three bad nodes. */
    public static int roundLimit(int nodes) {
        return 31 - Integer.numberOfLeadingZeros(Math.max(nodes, 1)) + 3;
    }

    /** The pairs of the next round, or empty when the search is over (nothing left to test, or no round left). */
    public Optional<List<RankPair>> nextRound() {
        if (planned != null) {
            throw new IllegalStateException("round " + (rounds.size() + 1) + " is planned but not recorded");
        }
        if (rounds.size() >= settings.maxRounds()) {
            return Optional.empty();
        }
        List<RankPair> pairs = rounds.isEmpty() ? InitialPairing.of(groups) : retestPairs();
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        planned = pairs;
        return Optional.of(pairs);
    }

    /** Each open suspect with a good node of its own group first, else any; else with another suspect it has not met. */
    private List<RankPair> retestPairs() {
        int n = names.size();
        List<Integer> open = IntStream.range(0, n).filter(i -> standing[i] == Standing.SUSPECT || standing[i] == Standing.UNTESTED)
                .boxed().sorted(Comparator.<Integer>comparingInt(i -> -strikes[i]).thenComparingInt(i -> i)).toList();
        boolean[] busy = new boolean[n];
        Map<String, List<Integer>> goodByGroup = new HashMap<>();
        List<Integer> good = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (standing[i] == Standing.GOOD) {
                goodByGroup.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(i);
                good.add(i);
            }
        }
        List<RankPair> pairs = new ArrayList<>();
        for (int suspect : open) {
            if (busy[suspect]) {
                continue;
            }
            Optional<Integer> partner = firstFree(goodByGroup.getOrDefault(groups.get(suspect), List.of()), suspect, busy)
                    .or(() -> firstFree(good, suspect, busy))
                    .or(() -> firstFree(open, suspect, busy));
            partner.ifPresent(p -> {
                busy[suspect] = true;
                busy[p] = true;
                pairs.add(RankPair.of(suspect, p));
            });
        }
        return List.copyOf(pairs);
    }

    private Optional<Integer> firstFree(List<Integer> candidates, int node, boolean[] busy) {
        return candidates.stream().filter(c -> c != node && !busy[c] && !met.get(node).contains(c)).findFirst();
    }

    /** Judges the planned round's pairs; a planned pair without an outcome counts as one whose test failed. */
    public Round record(List<PairOutcome> outcomes) {
        if (planned == null) {
            throw new IllegalStateException("no round planned");
        }
        Map<RankPair, PairOutcome> byPair = new HashMap<>();
        outcomes.forEach(o -> byPair.put(o.pair(), o));
        List<PairOutcome> all = planned.stream()
                .map(p -> byPair.getOrDefault(p, PairOutcome.failed(p, "no result came back for this pair"))).toList();
        int number = rounds.size() + 1;
        boolean retest = number > 1;
        double baselineGBps = passedBandwidth.isEmpty()
                ? median(all.stream().filter(o -> !o.broken()).map(PairOutcome::bandwidthGBps).toList()) : median(passedBandwidth);
        double baselineMicros = passedLatency.isEmpty()
                ? median(all.stream().filter(o -> !o.broken()).map(PairOutcome::latencyMicros).toList()) : median(passedLatency);
        Standing[] before = standing.clone();
        List<JudgedPair> judged = new ArrayList<>();
        for (PairOutcome outcome : all) {
            JudgedPair pair = new JudgedPair(number, outcome, problem(outcome, baselineGBps, baselineMicros));
            judged.add(pair);
            apply(pair, before);
        }
        Round round = new Round(number, retest, List.copyOf(judged), baselineGBps, baselineMicros);
        rounds.add(round);
        planned = null;
        return round;
    }

    private String problem(PairOutcome o, double baselineGBps, double baselineMicros) {
        if (o.error() != null) {
            return "test failed: " + o.error();
        }
        if (o.wrong() > 0) {
            return o.wrong() + " received wrong";
        }
        List<String> slow = new ArrayList<>();
        double limit = Math.max(baselineGBps * settings.threshold(), settings.floorGBps());
        if (o.bandwidthGBps() < limit) {
            slow.add(String.format("%.3g GB/s, %.0f%% of the %s %.3g GB/s (limit %.0f%%)", o.bandwidthGBps(),
                    100 * o.bandwidthGBps() / baselineGBps, settings.floorGBps() > baselineGBps * settings.threshold()
                            ? "expected" : "baseline", baselineGBps, 100 * settings.threshold()));
        }
        if (o.latencyMicros() > baselineMicros / settings.latencyThreshold()) {
            slow.add(String.format("latency %.1f us, %.1fx the baseline %.1f us (limit %.1fx)", o.latencyMicros(),
                    o.latencyMicros() / baselineMicros, baselineMicros, 1 / settings.latencyThreshold()));
        }
        return slow.isEmpty() ? "" : "slow: " + String.join("; ", slow);
    }

    private void apply(JudgedPair pair, Standing[] before) {
        int a = pair.outcome().pair().low();
        int b = pair.outcome().pair().high();
        met.get(a).add(b);
        met.get(b).add(a);
        if (!pair.flagged()) {
            passedBandwidth.add(pair.outcome().bandwidthGBps());
            passedLatency.add(pair.outcome().latencyMicros());
            clear(a);
            clear(b);
            return;
        }
        boolean goodA = before[a] == Standing.GOOD;
        boolean goodB = before[b] == Standing.GOOD;
        if (goodA != goodB) { // a suspect with a reference: the suspect is to blame
            strike(goodA ? b : a, goodA ? a : b, pair);
        } else if (!goodA) { // two suspects, or the first round: either may be to blame
            implicate(a, b, pair);
            implicate(b, a, pair);
        } else { // two good nodes flagged together: a link or a path, not a node; both stay good
            evidence.get(a).add(line(pair, b, "link to a good node"));
            evidence.get(b).add(line(pair, a, "link to a good node"));
        }
    }

    private void clear(int node) {
        if (standing[node] != Standing.BAD) {
            standing[node] = Standing.GOOD;
        }
    }

    private void strike(int suspect, int reference, JudgedPair pair) {
        if (standing[suspect] == Standing.BAD) {
            return;
        }
        strikes[suspect]++;
        broken[suspect] |= pair.outcome().broken();
        evidence.get(suspect).add(line(pair, reference, "with good node"));
        standing[suspect] = strikes[suspect] >= CONFIRMATIONS ? Standing.BAD : Standing.SUSPECT;
    }

    private void implicate(int node, int partner, JudgedPair pair) {
        if (standing[node] == Standing.UNTESTED) {
            standing[node] = Standing.SUSPECT;
        }
        evidence.get(node).add(line(pair, partner, "with"));
    }

    private String line(JudgedPair pair, int partner, String relation) {
        return "round " + pair.round() + ": " + relation + " " + names.get(partner) + ": " + pair.problem();
    }

    public List<Round> rounds() {
        return List.copyOf(rounds);
    }

    public Standing standing(int node) {
        return standing[node];
    }

    /** Every node's standing and evidence, in node order. A cleared node keeps no evidence but that of its links. */
    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            List<String> lines = standing[i] == Standing.GOOD
                    ? evidence.get(i).stream().filter(l -> l.contains("link to a good node")).toList() : List.copyOf(evidence.get(i));
            findings.add(new Finding(i, names.get(i), standing[i], broken[i], lines));
        }
        return findings;
    }

    /** Pairs flagged whose two nodes both ended good: the link or path between them, not a node, is in doubt. */
    public List<JudgedPair> suspectLinks() {
        return rounds.stream().flatMap(r -> r.pairs().stream()).filter(JudgedPair::flagged)
                .filter(p -> standing[p.outcome().pair().low()] == Standing.GOOD && standing[p.outcome().pair().high()] == Standing.GOOD)
                .toList();
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
