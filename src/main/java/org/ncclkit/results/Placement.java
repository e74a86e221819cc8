package org.ncclkit.results;

/**
 * One placement (out-of-place or in-place) of one row: time per operation in microseconds, algorithm and bus bandwidth
 * in GB/s, and the count of wrong elements: {@code null} where it is not known (the table says {@code N/A}, or an old
 * layout whose {@code error} column held the largest relative error, not a count).
 * {@code cvPercent} is the coefficient of variation of the per-iteration times ({@code -I 1}), else null.
 */
public record Placement(double timeMicros, double algorithmBandwidth, double busBandwidth, Double wrong,
                        Double cvPercent) {
}
