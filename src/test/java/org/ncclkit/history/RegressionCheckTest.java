package org.ncclkit.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ncclkit.results.BenchmarkRun;

class RegressionCheckTest {
    private static final BenchmarkRun BASELINE = SyntheticResults.sweep();

    @Test
    void aCopyDegradedTenPercentAtSomeSizesRegressesAtExactlyThoseSizes() {
        Set<Long> degraded = Set.of(2L << 20, 32L << 20, 512L << 20);
        BenchmarkRun candidate = SyntheticResults.scaled(BASELINE, degraded, bw -> bw * 0.90);

        RegressionCheck.Comparison c = RegressionCheck.compare(List.of(BASELINE), candidate, 0.05);

        assertThat(c.regressions()).extracting(RegressionCheck.SizeComparison::sizeBytes)
                .containsOnly(2L << 20, 32L << 20, 512L << 20);
        assertThat(c.regressions()).extracting(RegressionCheck.SizeComparison::placement)
                .containsOnly("out_of_place", "in_place");
        assertThat(c.regressions()).hasSize(6);
        assertThat(c.regressions().getFirst().change()).isCloseTo(-0.10, org.assertj.core.data.Offset.offset(1e-9));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void theSameRunWithNormalNoiseIsNoRegression(long seed) {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        BenchmarkRun candidate = SyntheticResults.noisy(BASELINE, 0.03, random);

        assertThat(RegressionCheck.compare(List.of(BASELINE), candidate, 0.05).regressions()).isEmpty();
    }

    @Test
    void smallSizesMeasureLatencyAndAreNotJudged() {
        BenchmarkRun candidate = SyntheticResults.scaled(BASELINE, Set.of(8L, 32L, 1L << 18), bw -> bw * 0.5);

        RegressionCheck.Comparison c = RegressionCheck.compare(List.of(BASELINE), candidate, 0.05);

        assertThat(c.regressions()).isEmpty();
        assertThat(c.sizes()).filteredOn(s -> s.sizeBytes() < RegressionCheck.MIN_SIZE_BYTES)
                .allSatisfy(s -> assertThat(s.judged()).isFalse());
    }

    @Test
    void aDropWithinTheNoiseOfTheBaselinesRepetitionsIsNotARegression() {
        // repetitions that spread by about 6 %: a 10 % drop is less than 3 times that noise
        List<BenchmarkRun> repetitions = List.of(BASELINE,
                SyntheticResults.scaled(BASELINE, SyntheticResults.allSizes(BASELINE), bw -> bw * 0.90),
                SyntheticResults.scaled(BASELINE, SyntheticResults.allSizes(BASELINE), bw -> bw * 1.02));
        BenchmarkRun candidate = SyntheticResults.scaled(BASELINE, Set.of(32L << 20), bw -> bw * 0.88);

        RegressionCheck.Comparison c = RegressionCheck.compare(repetitions, candidate, 0.05);

        assertThat(c.regressions()).isEmpty();
        assertThat(c.sizes()).filteredOn(s -> s.sizeBytes() == 32L << 20)
                .allSatisfy(s -> assertThat(s.noise()).isGreaterThan(0.05));
    }

    @Test
    void aDropBeyondTheNoiseOfSteadyRepetitionsIsARegression() {
        List<BenchmarkRun> repetitions = List.of(BASELINE,
                SyntheticResults.scaled(BASELINE, SyntheticResults.allSizes(BASELINE), bw -> bw * 0.99),
                SyntheticResults.scaled(BASELINE, SyntheticResults.allSizes(BASELINE), bw -> bw * 1.01));
        BenchmarkRun candidate = SyntheticResults.scaled(BASELINE, Set.of(32L << 20), bw -> bw * 0.90);

        assertThat(RegressionCheck.compare(repetitions, candidate, 0.05).regressions())
                .extracting(RegressionCheck.SizeComparison::sizeBytes).containsOnly(32L << 20);
    }

    @Test
    void theToleranceIsTheSmallestDropCalledARegression() {
        BenchmarkRun candidate = SyntheticResults.scaled(BASELINE, Set.of(32L << 20), bw -> bw * 0.93);

        assertThat(RegressionCheck.compare(List.of(BASELINE), candidate, 0.05).regressions()).hasSize(2);
        assertThat(RegressionCheck.compare(List.of(BASELINE), candidate, 0.10).regressions()).isEmpty();
    }
}
