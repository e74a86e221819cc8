package org.ncclkit.validate;

import org.ncclkit.check.RankPair;

/**
 * What one pair of nodes measured in one round of the search: bandwidth each way (GB/s, 10^9 bytes), the latency of
 * a small exchange (µs), the bytes or elements received wrong, and the error that stopped the pair's test (null when
 * it ran to the end).
 */
public record PairOutcome(RankPair pair, double lowToHighGBps, double highToLowGBps, double latencyMicros, long wrong,
                          String error) {

    /** A pair whose test could not run (a connection refused, a timeout): it counts against both its nodes. */
    public static PairOutcome failed(RankPair pair, String error) {
        return new PairOutcome(pair, 0, 0, Double.NaN, 0, error);
    }

    /** The slower direction: a link is as good as its worse way. */
    public double bandwidthGBps() {
        return Math.min(lowToHighGBps, highToLowGBps);
    }

    /** Wrong data or an error: a fault, not merely slowness. */
    public boolean broken() {
        return wrong > 0 || error != null;
    }
}
