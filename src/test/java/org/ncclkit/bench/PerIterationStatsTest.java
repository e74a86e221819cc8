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
    void percentilesAreNearestRankOfTheSortedSamples() {
        PerIterationStats stats = PerIterationStats.of(oneToHundredShuffled(), 0);

        assertThat(stats.minMicros()).isEqualTo(1.0);
        assertThat(stats.maxMicros()).isEqualTo(100.0);
        assertThat(stats.avgMicros()).isEqualTo(50.5);
        assertThat(stats.p50Micros()).isEqualTo(50.0);
        assertThat(stats.p95Micros()).isEqualTo(95.0);
        assertThat(stats.p99Micros()).isEqualTo(99.0);
    }

    @Test
    void nearestRankRoundsUp() {
        double[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(PerIterationStats.percentile(ten, 50)).isEqualTo(5.0);
        assertThat(PerIterationStats.percentile(ten, 51)).isEqualTo(6.0);
        assertThat(PerIterationStats.percentile(ten, 95)).isEqualTo(10.0);
        assertThat(PerIterationStats.percentile(ten, 0)).isEqualTo(1.0);
        assertThat(PerIterationStats.percentile(new double[] {42}, 99)).isEqualTo(42.0);
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
