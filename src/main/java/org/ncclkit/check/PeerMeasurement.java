package org.ncclkit.check;

/**
 * What one rank measured with one peer: seconds per exchange of the large and of the small message (both directions
 * at once), and the elements of the large message it received wrong.
 */
public record PeerMeasurement(int peer, double bandwidthSeconds, double latencySeconds, long wrong) {
    /** The small message whose exchange time is reported as latency. */
    public static final long LATENCY_BYTES = 8;
}
