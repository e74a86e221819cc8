package org.ncclkit.check;

/**
 * One rank's side of a pair test in a round of {@code validate}: the peer, the bandwidth of what it received from
 * the peer (GB/s), the latency of a small exchange (µs), what arrived wrong, and the error that stopped the test
 * (null when none). A rank that sat the round out has peer -1.
 */
public record PeerSide(int rank, int peer, double receiveGBps, double latencyMicros, long wrong, String error) {
    public static PeerSide idle(int rank) {
        return new PeerSide(rank, -1, 0, 0, 0, null);
    }

    public boolean idle() {
        return peer < 0;
    }
}
