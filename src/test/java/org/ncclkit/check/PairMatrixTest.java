package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.SyntheticRuns.Measured;

class PairMatrixTest {

    @Test
    void equalPairsPassWithNoSuspect() {
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(4), (a, b) -> Measured.of(12.5, 40));

        assertThat(m.passed()).isTrue();
        assertThat(m.pairs()).hasSize(6);
        assertThat(m.bandwidthMedian()).isCloseTo(12.5, within(1e-9));
        assertThat(m.latencyMedian()).isCloseTo(40, within(1e-9));
        assertThat(m.suspects()).isEmpty();
    }

    @Test
    void oneBadNodeAmongEightSpoilsItsSevenPairsAndIsTheOnlySuspect() {
        PairMatrix m = SyntheticRuns.withSlowNodes(8, 5);

        assertThat(m.flagged()).hasSize(7).allSatisfy(p -> assertThat(p.pair().contains(5)).isTrue());
        assertThat(m.flagged()).allSatisfy(p -> assertThat(p.slowBandwidth()).isTrue());
        assertThat(m.suspects()).containsExactly(new Suspect("node5", 7, 7));
        assertThat(m.passed()).isFalse();
    }

    @Test
    void oneBadNodeAmongSixtyFourIsNamedAlone() {
        PairMatrix m = SyntheticRuns.withSlowNodes(64, 41);

        assertThat(m.pairs()).hasSize(2016);
        assertThat(m.flagged()).hasSize(63);
        assertThat(m.suspects()).containsExactly(new Suspect("node41", 63, 63));
    }

    @Test
    void twoBadNodesAreBothNamed() {
        PairMatrix m = SyntheticRuns.withSlowNodes(8, 2, 6);

        assertThat(m.flagged()).hasSize(13); // 7 + 7, the pair 2-6 counted once
        assertThat(m.suspects()).containsExactly(new Suspect("node2", 7, 7), new Suspect("node6", 7, 7));
    }

    @Test
    void wrongDataFailsAPairEvenAtFullSpeed() {
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(4),
                (a, b) -> new Measured(20, 10, a == 1 && b == 3 ? 17 : 0));

        assertThat(m.pair(3, 1).wrong()).isEqualTo(17);
        assertThat(m.pair(3, 1).slowBandwidth()).isFalse();
        assertThat(m.flagged()).extracting(PairResult::pair).containsExactly(new RankPair(1, 3));
        assertThat(m.passed()).isFalse();
        assertThat(m.suspects()).containsExactly(new Suspect("node1", 1, 3), new Suspect("node3", 1, 3));
    }

    @Test
    void aPairIsSlowWhenItsLatencyExceedsTheMedianDividedByTheThreshold() {
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(4),
                (a, b) -> Measured.of(20, a == 0 && b == 2 ? 12.6 : a == 0 && b == 3 ? 12.4 : 10));

        assertThat(m.latencyMedian()).isCloseTo(10, within(1e-9));
        assertThat(m.pair(0, 2).slowLatency()).isTrue(); // 12.6 > 10 / 0.8
        assertThat(m.pair(0, 3).slowLatency()).isFalse(); // 12.4 is within
        assertThat(m.flagged()).extracting(PairResult::pair).containsExactly(new RankPair(0, 2));
    }

    @Test
    void latencyIsJudgedByItsOwnThresholdSoJitterBelowTwiceTheMedianPassesByDefault() {
        List<RankMeasurements> ranks = SyntheticRuns.measurements(SyntheticRuns.nodes(4),
                (a, b) -> Measured.of(20, a == 0 && b == 2 ? 15 : a == 0 && b == 3 ? 21 : 10));

        PairMatrix m = PairMatrix.of(ranks, SyntheticRuns.BYTES, 20, 0.8, 0.5);

        assertThat(m.pair(0, 2).slowLatency()).isFalse(); // 1.5 x the median: jitter
        assertThat(m.pair(0, 3).slowLatency()).isTrue(); // 2.1 x the median
        assertThat(m.pair(0, 3).slowBandwidth()).isFalse();
    }

    @Test
    void bandwidthJustAtTheThresholdIsNotSlow() {
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(4), (a, b) -> Measured.of(a == 0 && b == 1 ? 16 : 20, 10));

        assertThat(m.pair(0, 1).bandwidthGBps()).isCloseTo(16, within(1e-9));
        assertThat(m.passed()).isTrue();
    }

    @Test
    void aPairTakesTheSlowerOfItsTwoSidesAndTheWrongElementsOfBoth() {
        List<RankMeasurements> ranks = List.of(
                new RankMeasurements(0, "a", List.of(new PeerMeasurement(1, 0.5, 20e-6, 3))),
                new RankMeasurements(1, "b", List.of(new PeerMeasurement(0, 0.25, 30e-6, 4))));

        PairResult pair = PairMatrix.of(ranks, 1_000_000_000L, 20, 0.8, 0.8).pair(0, 1);

        assertThat(pair.bandwidthGBps()).isCloseTo(2, within(1e-9));
        assertThat(pair.latencyMicros()).isCloseTo(30, within(1e-9));
        assertThat(pair.wrong()).isEqualTo(7);
        assertThat(pair.lowNode()).isEqualTo("a");
        assertThat(pair.highNode()).isEqualTo("b");
    }

    @Test
    void ranksOnOneNodeAreCountedTogether() {
        List<String> nodes = List.of("h0", "h0", "h1", "h1", "h2", "h2", "h3", "h3");
        PairMatrix m = SyntheticRuns.matrix(nodes, (a, b) -> Measured.of(nodes.get(a).equals("h2") || nodes.get(b).equals("h2") ? 3 : 20, 10));

        // h2's ranks 4 and 5: 6 pairs each with other nodes, and the pair 4-5 between themselves, counted once
        assertThat(m.nodeCount()).isEqualTo(4);
        assertThat(m.suspects()).containsExactly(new Suspect("h2", 13, 13));
    }

    @Test
    void aMissingSideIsAnError() {
        List<RankMeasurements> ranks = List.of(
                new RankMeasurements(0, "a", List.of(new PeerMeasurement(1, 0.5, 20e-6, 0))),
                new RankMeasurements(1, "b", List.of()));

        assertThatThrownBy(() -> PairMatrix.of(ranks, 8, 20, 0.8, 0.8)).hasMessage("pair 0-1 has 1 measurements, not 2");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(PairMatrix.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(PairMatrix.median(new double[] {5, 1, 3})).isEqualTo(3);
    }
}
