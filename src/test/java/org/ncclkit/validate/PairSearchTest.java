package org.ncclkit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.RankPair;

class PairSearchTest {
    /** Runs the search to its end, measuring each pair with {@code measure}. */
    private static PairSearch search(int nodes, List<String> groups, BiFunction<Integer, RankPair, PairOutcome> measure) {
        List<String> names = IntStream.range(0, nodes).mapToObj(i -> "n" + i).toList();
        PairSearch search = new PairSearch(names, groups, PairSearch.Settings.defaults(nodes));
        for (int round = 1; ; round++) {
            var pairs = search.nextRound();
            if (pairs.isEmpty()) {
                return search;
            }
            int r = round;
            search.record(pairs.get().stream().map(p -> measure.apply(r, p)).toList());
        }
    }

    private static List<String> oneGroup(int nodes) {
        return Collections.nCopies(nodes, "");
    }

    /** Good pairs at 10 GB/s, pairs with a slow node at 4. */
    private static BiFunction<Integer, RankPair, PairOutcome> slow(Set<Integer> bad) {
        return (round, p) -> {
            double bw = bad.contains(p.low()) || bad.contains(p.high()) ? 4 : 10;
            return new PairOutcome(p, bw, bw, 5, 0, null);
        };
    }

    private static List<Standing> standings(PairSearch search, int nodes) {
        return IntStream.range(0, nodes).mapToObj(search::standing).toList();
    }

    @Test
    void theNodeLeftOutOfTheFirstRoundOfAnOddClusterIsTestedNextAgainstAGoodNode() {
        PairSearch search = search(5, oneGroup(5), slow(Set.of()));

        assertThat(search.rounds()).hasSize(2);
        assertThat(search.rounds().get(1).pairs()).singleElement()
                .satisfies(p -> assertThat(p.outcome().pair().high()).isEqualTo(4));
        assertThat(standings(search, 5)).containsOnly(Standing.GOOD);
    }

    @Test
    void twoBadNodesPairedTogetherFirstAreBothConvictedAndTheirLaterPartnersCleared() {
        PairSearch search = search(8, oneGroup(8), slow(Set.of(2, 3)));

        assertThat(standings(search, 8)).containsExactly(Standing.GOOD, Standing.GOOD, Standing.BAD, Standing.BAD,
                Standing.GOOD, Standing.GOOD, Standing.GOOD, Standing.GOOD);
        assertThat(search.rounds()).hasSize(3);
        assertThat(search.findings().get(2).evidence()).hasSize(3).first().asString().startsWith("round 1: with n3: slow: 4.00 GB/s");
    }

    @Test
    void wrongDataMakesAFaultNotMereSlowness() {
        PairSearch search = search(6, oneGroup(6), (round, p) -> new PairOutcome(p, 10, 10, 5, p.contains(1) ? 3 : 0, null));

        PairSearch.Finding bad = search.findings().get(1);
        assertThat(bad.standing()).isEqualTo(Standing.BAD);
        assertThat(bad.broken()).isTrue();
        assertThat(bad.evidence()).allMatch(l -> l.endsWith("3 received wrong"));
        assertThat(standings(search, 6)).filteredOn(s -> s != Standing.GOOD).hasSize(1);
    }

    @Test
    void aSlowLinkBetweenTwoGoodNodesBlamesNeitherAndIsReportedAsALink() {
        PairSearch search = search(6, oneGroup(6), (round, p) -> {
            double bw = p.equals(RankPair.of(0, 1)) ? 3 : 10;
            return new PairOutcome(p, bw, bw, 5, 0, null);
        });

        assertThat(standings(search, 6)).containsOnly(Standing.GOOD);
        assertThat(search.suspectLinks()).singleElement().satisfies(p -> assertThat(p.outcome().pair()).isEqualTo(RankPair.of(0, 1)));
    }

    @Test
    void aTwoNodeClusterWithABrokenPairHasNoGoodNodeToRetestWithAndLeavesBothSuspect() {
        PairSearch search = search(2, oneGroup(2), (round, p) -> PairOutcome.failed(p, "connection refused"));

        assertThat(search.rounds()).hasSize(1);
        assertThat(standings(search, 2)).containsOnly(Standing.SUSPECT);
    }

    @Test
    void theFirstRoundPairsWithinGroupsAndRetestsTakeAGoodNodeOfTheSameGroup() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            groups.add(i % 2 == 0 ? "leafA" : "leafB"); // interleaved: the hostfile order is not the topology's
        }
        PairSearch search = search(8, groups, slow(Set.of(3)));

        assertThat(search.rounds().getFirst().pairs()).allSatisfy(p ->
                assertThat(groups.get(p.outcome().pair().low())).isEqualTo(groups.get(p.outcome().pair().high())));
        assertThat(search.rounds().get(1).pairs()).allSatisfy(p ->
                assertThat(groups.get(p.outcome().pair().low())).isEqualTo(groups.get(p.outcome().pair().high())));
        assertThat(search.standing(3)).isEqualTo(Standing.BAD);
        assertThat(standings(search, 8)).filteredOn(s -> s != Standing.GOOD).hasSize(1);
    }

    @Test
    void aMissingResultCountsAsAFailedTestOfThatPair() {
        PairSearch search = new PairSearch(List.of("a", "b", "c", "d"), oneGroup(4), PairSearch.Settings.defaults(4));
        List<RankPair> pairs = search.nextRound().orElseThrow();
        var round = search.record(List.of(new PairOutcome(pairs.getFirst(), 10, 10, 5, 0, null)));

        assertThat(round.pairs().get(1).problem()).isEqualTo("test failed: no result came back for this pair");
    }
}
