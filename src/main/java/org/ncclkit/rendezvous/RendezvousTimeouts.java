package org.ncclkit.rendezvous;

import java.time.Duration;

/**
 * How long the rendezvous waits for what.
 *
 * @param connect   how long a client keeps retrying to reach the server (rank 0 may start later than the others)
 * @param operation a collective round that is not complete this long after its first rank arrived aborts the run
 * @param heartbeat interval of the keep-alive frames that flow both ways on every connection
 * @param deadPeer  silence after which the other end of a connection is declared dead (the socket read timeout)
 */
public record RendezvousTimeouts(Duration connect, Duration operation, Duration heartbeat, Duration deadPeer) {

    public RendezvousTimeouts {
        requirePositive("connect", connect);
        requirePositive("operation", operation);
        requirePositive("heartbeat", heartbeat);
        requirePositive("deadPeer", deadPeer);
        if (deadPeer.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("rendezvous dead-peer timeout " + Wire.describe(deadPeer)
                    + " must be at least twice the heartbeat interval " + Wire.describe(heartbeat)
                    + ", or a live peer could be declared dead");
        }
    }

    /** 60 s to connect, 10 min per operation, a heartbeat every second, dead after 6 s of silence. */
    public static RendezvousTimeouts defaults() {
        return new RendezvousTimeouts(Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(1),
                Duration.ofSeconds(6));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() < 1) {
            throw new IllegalArgumentException("rendezvous " + name + " timeout must be at least 1 ms, not " + value);
        }
    }
}
