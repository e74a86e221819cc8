package org.ncclkit.cli;

import java.time.Duration;
import java.util.Optional;

import org.ncclkit.rendezvous.RendezvousTimeouts;

import picocli.CommandLine.Option;

/** Where a multi-process run meets and how long it waits: shared by the commands that run as several ranks. */
final class RendezvousOptions {
    private static final Duration MIN_HEARTBEAT = Duration.ofMillis(250);
    private static final Duration MAX_HEARTBEAT = Duration.ofSeconds(1);
    @Option(names = "--rendezvous", paramLabel = "HOST:PORT",
            description = "Rank 0's rendezvous store (default: NCCLKIT_RENDEZVOUS, MASTER_ADDR:MASTER_PORT, or derived from the launcher).")
    String address;
    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long a rank keeps trying to reach rank 0's store (default ${DEFAULT-VALUE}).")
    int connectSeconds;
    @Option(names = "--peer-timeout", paramLabel = "SECONDS", defaultValue = "6",
            description = "Silence after which a rank is declared dead and the run stops (default ${DEFAULT-VALUE}).")
    int peerSeconds;
    @Option(names = "--sync-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long ranks wait for each other at one synchronisation point (default ${DEFAULT-VALUE}).")
    int syncSeconds;

    Optional<String> address() {
        return Optional.ofNullable(address);
    }

    RendezvousTimeouts timeouts() {
        if (connectSeconds < 1 || peerSeconds < 2 || syncSeconds < 1) {
            throw new UsageException("--connect-timeout and --sync-timeout must be at least 1 s, --peer-timeout at least 2 s");
        }
        Duration peer = Duration.ofSeconds(peerSeconds);
        // at most a second apart even with a long --peer-timeout: a rank silent for two beats is named in a stall (-T)
        Duration beat = peer.dividedBy(6);
        beat = beat.compareTo(MIN_HEARTBEAT) < 0 ? MIN_HEARTBEAT : beat.compareTo(MAX_HEARTBEAT) > 0 ? MAX_HEARTBEAT : beat;
        return new RendezvousTimeouts(Duration.ofSeconds(connectSeconds), Duration.ofSeconds(syncSeconds), beat, peer);
    }
}
