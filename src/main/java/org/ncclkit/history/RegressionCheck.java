package org.ncclkit.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.SizeRow;

/**
 * Compares a run with its baseline, size by size. A size of at least {@link #MIN_SIZE_BYTES} regresses when its bus
 * bandwidth is more than the tolerance below the baseline's and the drop is also larger than {@link #NOISE_SIGMAS}
 * times the noise seen there: the spread of the baseline's repetitions (their coefficient of variation, with two or
 * more baseline runs) or of the per-iteration times ({@code -I 1}) of either run, whichever is largest. The baseline's
 * value is the median of its repetitions. Small sizes measure latency, not bandwidth, and are not judged.
 */
public final class RegressionCheck {
    public static final long MIN_SIZE_BYTES = 1L << 20;
    static final double NOISE_SIGMAS = 3;

    private RegressionCheck() {
    }

    /** One size and placement of the comparison. */
    public record SizeComparison(long sizeBytes, String type, String redop, int root, String placement,
                                 double baselineBusBandwidth, double candidateBusBandwidth, double noise,
                                 boolean judged, boolean regressed) {
        /** The relative change, -0.10 for a drop of 10 %. */
        public double change() {
            return candidateBusBandwidth / baselineBusBandwidth - 1;
        }
    }

    /** The whole comparison; {@link #regressions()} is what makes {@code history compare} fail. */
    public record Comparison(List<SizeComparison> sizes, double tolerance, int baselineRuns) {
        public List<SizeComparison> regressions() {
            return sizes.stream().filter(SizeComparison::regressed).toList();
        }

        public long judged() {
            return sizes.stream().filter(SizeComparison::judged).count();
        }
    }

    /**
     * @param baselines  the baseline's repetitions (at least one), as many as are to set the noise
     * @param tolerance  the relative drop allowed, 0.05 for 5 %
     */
    public static Comparison compare(List<BenchmarkRun> baselines, BenchmarkRun candidate, double tolerance) {
        if (baselines.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs a baseline run");
        }
        List<SizeComparison> sizes = new ArrayList<>();
        for (SizeRow row : candidate.rows()) {
            compareOne(baselines, row, "out_of_place", SizeRow::outOfPlace, tolerance).ifPresent(sizes::add);
            compareOne(baselines, row, "in_place", SizeRow::inPlace, tolerance).ifPresent(sizes::add);
        }
        sizes.sort(Comparator.comparing(SizeComparison::type).thenComparing(SizeComparison::redop)
                .thenComparingLong(SizeComparison::sizeBytes));
        return new Comparison(List.copyOf(sizes), tolerance, baselines.size());
    }

    private static Optional<SizeComparison> compareOne(List<BenchmarkRun> baselines, SizeRow row,
                                                                 String placement, Function<SizeRow, Placement> side,
                                                                 double tolerance) {
        Placement candidate = side.apply(row);
        List<Placement> reference = baselines.stream()
                .map(run -> sameRow(run, row)).filter(Objects::nonNull).map(side).filter(Objects::nonNull)
                .filter(p -> Double.isFinite(p.busBandwidth())).toList();
        if (candidate == null || !Double.isFinite(candidate.busBandwidth()) || reference.isEmpty()) {
            return Optional.empty();
        }
        double[] values = reference.stream().mapToDouble(Placement::busBandwidth).sorted().toArray();
        double median = values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        double noise = Math.max(spread(values), perIterationSpread(reference, candidate));
        boolean judged = row.sizeBytes() >= MIN_SIZE_BYTES && median > 0;
        double drop = judged ? 1 - candidate.busBandwidth() / median : 0;
        boolean regressed = judged && drop > tolerance && drop > NOISE_SIGMAS * noise;
        return Optional.of(new SizeComparison(row.sizeBytes(), row.type(), row.redop(), row.root(),
                placement, median, candidate.busBandwidth(), noise, judged, regressed));
    }

    private static SizeRow sameRow(BenchmarkRun run, SizeRow row) {
        return run.rows().stream().filter(r -> r.sizeBytes() == row.sizeBytes() && r.type().equals(row.type())
                && r.redop().equals(row.redop()) && r.root() == row.root()).findFirst().orElse(null);
    }

    /** The coefficient of variation of the baseline's repetitions (0 with fewer than two). */
    private static double spread(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = Arrays.stream(values).average().orElse(0);
        double variance = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
        return mean > 0 ? Math.sqrt(variance) / mean : 0;
    }

    private static double perIterationSpread(List<Placement> reference, Placement candidate) {
        return Stream.concat(reference.stream(), Stream.of(candidate))
                .map(Placement::cvPercent).filter(Objects::nonNull).mapToDouble(cv -> cv / 100).max().orElse(0);
    }
}
