package org.ncclkit.expected;

/**
 * The expected busbw of one collective in GB/s (10^9 bytes/s, as nccl-tests prints): at large sizes, its low-high
 * range, what limits it, and the size where half of it is reached. {@link #busbwAt} gives the curve
 * busbw x S / (S + half) that a fixed start-up time and a link rate draw.
 */
public record CollectiveExpectation(double busbwGbps, long halfBandwidthBytes, double lowGbps, long lowHalfBandwidthBytes,
                                    double highGbps, long highHalfBandwidthBytes, String limitedBy) {

    /** The expected busbw at a message size (nccl-tests' size column). */
    public double busbwAt(long bytes) {
        return at(busbwGbps, halfBandwidthBytes, bytes);
    }

    /** The slow end of the range at a message size. */
    public double lowAt(long bytes) {
        return at(lowGbps, lowHalfBandwidthBytes, bytes);
    }

    /** The fast end of the range at a message size. */
    public double highAt(long bytes) {
        return at(highGbps, highHalfBandwidthBytes, bytes);
    }

    /** Whether a measured busbw at this size lies within the range. */
    public boolean agrees(long bytes, double measuredGbps) {
        return measuredGbps >= lowAt(bytes) && measuredGbps <= highAt(bytes);
    }

    private static double at(double peak, long half, long bytes) {
        return bytes <= 0 ? peak : peak * bytes / ((double) bytes + half);
    }
}
