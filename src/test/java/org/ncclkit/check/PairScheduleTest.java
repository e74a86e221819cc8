package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PairScheduleTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 8, 9, 64})
    void everyPairMeetsExactlyOnce(int ranks) {
        List<RankPair> all = PairSchedule.of(ranks).rounds().stream().flatMap(List::stream).toList();

        assertThat(all).doesNotHaveDuplicates().hasSize(ranks * (ranks - 1) / 2);
        assertThat(all).allSatisfy(p -> assertThat(p.high()).isLessThan(ranks));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 8, 9, 64})
    void noRankIsInTwoPairsOfOneRound(int ranks) {
        for (List<RankPair> round : PairSchedule.of(ranks).rounds()) {
            Set<Integer> busy = new HashSet<>();
            for (RankPair p : round) {
                assertThat(busy.add(p.low())).as("rank %d twice in %s", p.low(), round).isTrue();
                assertThat(busy.add(p.high())).as("rank %d twice in %s", p.high(), round).isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 64})
    void anEvenNumberOfRanksTakesOneRoundFewerThanRanksWithEveryRankBusy(int ranks) {
        PairSchedule schedule = PairSchedule.of(ranks);

        assertThat(schedule.rounds()).hasSize(ranks - 1).allSatisfy(round -> assertThat(round).hasSize(ranks / 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 9})
    void anOddNumberOfRanksTakesAsManyRoundsAsRanksWithOneRankIdleEachRound(int ranks) {
        PairSchedule schedule = PairSchedule.of(ranks);

        assertThat(schedule.rounds()).hasSize(ranks).allSatisfy(round -> assertThat(round).hasSize(ranks / 2));
    }

    @Test
    void twoRanksExchangeInOneRound() {
        assertThat(PairSchedule.of(2).rounds()).containsExactly(List.of(new RankPair(0, 1)));
    }

    @Test
    void peerIsTheOtherRankOfItsPairAndEmptyDuringABye() {
        PairSchedule schedule = PairSchedule.of(3);
        for (int round = 0; round < 3; round++) {
            for (RankPair p : schedule.rounds().get(round)) {
                assertThat(schedule.peer(round, p.low())).hasValue(p.high());
                assertThat(schedule.peer(round, p.high())).hasValue(p.low());
            }
        }
        long idle = IntStream.range(0, 3).filter(r -> schedule.peer(0, r).isEmpty()).count();
        assertThat(idle).isEqualTo(1);
    }

    @Test
    void theRankWithTheFirstByeStartsInTheSecondRound() {
        PairSchedule schedule = PairSchedule.of(5);
        List<Integer> firsts = IntStream.range(0, 5).map(schedule::firstRound).boxed().toList();

        assertThat(firsts).containsOnly(0, 1).filteredOn(f -> f == 1).hasSize(1);
        assertThat(PairSchedule.of(4).firstRound(3)).isZero();
    }

    @Test
    void fewerThanTwoRanksHaveNoPairs() {
        assertThatThrownBy(() -> PairSchedule.of(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    }

    @Test
    void aPairKeepsItsLowerRankFirstAndKnowsEachSidesPeer() {
        RankPair pair = RankPair.of(7, 3);

        assertThat(pair).isEqualTo(new RankPair(3, 7)).hasToString("3-7");
        assertThat(pair.peerOf(3)).isEqualTo(7);
        assertThat(pair.peerOf(7)).isEqualTo(3);
        assertThatThrownBy(() -> pair.peerOf(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RankPair.of(2, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
