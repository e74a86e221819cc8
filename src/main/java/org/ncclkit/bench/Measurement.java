package org.ncclkit.bench;

/**
 * The result of one placement (out-of-place or in-place) at one size: time per operation in microseconds,
 * algorithm and bus bandwidth in GB/s, and wrong elements summed over ranks ({@code null} when not checked,
 * {@code -c 0}). {@code perIteration} holds CUDA-event statistics with {@code -I 1}, else null.
 * {@code failedChecks} is what this placement adds to {@code Out of bounds values}: like nccl-tests, one for each
 * {@code -t} thread (of every process) whose own ranks found wrong elements.
 */
public record Measurement(double timeMicros, double algorithmBandwidth, double busBandwidth, Long wrong,
                          PerIterationStats perIteration, long failedChecks) {

    /** A placement whose wrong elements, if any, were all found by one thread. */
    public Measurement(double timeMicros, double algorithmBandwidth, double busBandwidth, Long wrong,
                       PerIterationStats perIteration) {
        this(timeMicros, algorithmBandwidth, busBandwidth, wrong, perIteration, wrong != null && wrong > 0 ? 1 : 0);
    }
}
