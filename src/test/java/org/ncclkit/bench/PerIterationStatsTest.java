package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PerIterationStatsTest {
    private static List<Double> oneToHundredShuffled() {
        // 1..100 in a scrambled order (37 is coprime with 101), so that sorting matters
        return IntStream.rangeClosed(1, 100).mapToObj(i -> (double) (i * 37 % 101)).toList();
    }

    @Test
    void p50IsTheUpperMedianAndP95P99AreNearestRankAsInNcclTests() {
        PerIterationStats stats = PerIterationStats.of(oneToHundredShuffled(), 0);

        assertThat(stats.minMicros()).isEqualTo(1.0);
        assertThat(stats.maxMicros()).isEqualTo(100.0);
        assertThat(stats.avgMicros()).isEqualTo(50.5);
        assertThat(stats.p50Micros()).isEqualTo(51.0); // sorted[100 / 2]
        assertThat(stats.p95Micros()).isEqualTo(95.0);
        assertThat(stats.p99Micros()).isEqualTo(99.0);
    }

    @Test
    void nearestRankRoundsUpInIntegers() {
        assertThat(PerIterationStats.nearestRank(10, 50)).isEqualTo(4);
        assertThat(PerIterationStats.nearestRank(10, 51)).isEqualTo(5);
        assertThat(PerIterationStats.nearestRank(10, 95)).isEqualTo(9);
        assertThat(PerIterationStats.nearestRank(20, 95)).isEqualTo(18); // 0.95 × 20 in doubles is 19.000000000000004
        assertThat(PerIterationStats.nearestRank(1, 99)).isEqualTo(0);
    }

    @Test
    void p50OfAnEvenCountIsTheUpperOfTheTwoMiddleSamples() {
        assertThat(PerIterationStats.of(List.of(4.0, 1.0, 3.0, 2.0), 0).p50Micros()).isEqualTo(3.0);
    }

    @Test
    void perProcessRowsAreKeptOnlyWithSeveralProcesses() {
        List<List<Double>> two = List.of(List.of(1.0, 2.0), List.of(3.0, 1.5));

        assertThat(PerIterationStats.of(List.of(3.0, 2.0), 0, two).perProcessMaxMicros()).isEqualTo(two);
        assertThat(PerIterationStats.of(List.of(3.0, 2.0), 0, List.of(List.of(3.0, 2.0))).perProcessMaxMicros()).isNull();
    }

    @Test
    void skippedSamplesAreLeftOutOfTheSummaryButKeptInTheTimes() {
        List<Double> times = List.of(1000.0, 900.0, 10.0, 20.0, 30.0);

        PerIterationStats stats = PerIterationStats.of(times, 2);

        assertThat(stats.skipped()).isEqualTo(2);
        assertThat(stats.minMicros()).isEqualTo(10.0);
        assertThat(stats.maxMicros()).isEqualTo(30.0);
        assertThat(stats.avgMicros()).isEqualTo(20.0);
        assertThat(stats.p50Micros()).isEqualTo(20.0);
        assertThat(stats.stdevMicros()).isCloseTo(Math.sqrt(200.0 / 3), within(1e-9));
        assertThat(stats.cvPercent()).isCloseTo(100 * Math.sqrt(200.0 / 3) / 20, within(1e-9));
        assertThat(stats.timesMicros()).containsExactlyElementsOf(times);
    }

    @Test
    void skippingEverySampleGivesNaNNotAnError() {
        PerIterationStats stats = PerIterationStats.of(List.of(5.0, 6.0), 5);

        assertThat(stats.avgMicros()).isNaN();
        assertThat(stats.p99Micros()).isNaN();
        assertThat(stats.timesMicros()).containsExactly(5.0, 6.0);
    }

    @Test
    void identicalSamplesHaveNoSpread() {
        PerIterationStats stats = PerIterationStats.of(List.of(7.0, 7.0, 7.0), 0);

        assertThat(stats.stdevMicros()).isZero();
        assertThat(stats.cvPercent()).isZero();
    }
}
