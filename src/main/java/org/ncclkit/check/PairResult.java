package org.ncclkit.check;

/**
 * One pair's result in {@code check p2p}: bandwidth per direction (GB/s, 10^9 bytes), latency of a small exchange
 * (µs), elements received wrong (both sides together), and whether it is slow against the run's medians.
 */
public record PairResult(RankPair pair, String lowNode, String highNode, double bandwidthGBps, double latencyMicros,
                         long wrong, boolean slowBandwidth, boolean slowLatency) {

    /** Slow, or wrong data: a pair that implicates its nodes. */
    public boolean flagged() {
        return slowBandwidth || slowLatency || wrong > 0;
    }
}
