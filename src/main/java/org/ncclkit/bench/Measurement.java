package org.ncclkit.bench;

/**
 * The result of one placement (out-of-place or in-place) at one size: time per operation in microseconds,
 * algorithm and bus bandwidth in GB/s, and wrong elements summed over ranks ({@code null} when not checked,
 * {@code -c 0}). {@code perIteration} holds CUDA-event statistics with {@code -I 1}, else null.
 */
public record Measurement(double timeMicros, double algorithmBandwidth, double busBandwidth, Long wrong,
                          PerIterationStats perIteration) {
}
