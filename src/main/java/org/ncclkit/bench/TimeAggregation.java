package org.ncclkit.bench;

import java.util.List;

/** nccl-tests' {@code -a}: how per-rank times become the one time in a row (0 rank 0, 1 mean, 2 min, 3 max). */
final class TimeAggregation {
    private TimeAggregation() {
    }

    static double combine(int mode, List<Double> times) {
        return switch (mode) {
            case 0 -> times.getFirst();
            case 1 -> times.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            case 2 -> times.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            case 3 -> times.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            default -> throw new IllegalArgumentException("-a takes 0, 1, 2 or 3, not " + mode);
        };
    }
}
