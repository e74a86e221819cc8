package org.ncclkit.cluster;

import java.time.Duration;

/**
 * How an SSH connection notices that its node is gone: a keep-alive request after {@link #INTERVAL} of silence, and
 * the connection dropped after {@link #COUNT_MAX} unanswered, so within 15 to 20 s of the node dropping off the
 * network. The same for ncclkit's own sessions and, through the config that {@code ssh-setup} writes, for the OpenSSH
 * that mpirun starts (whose default, no keep-alive, waits for TCP to give up: many minutes).
 */
public final class KeepAlive {
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final int COUNT_MAX = 3;

    private KeepAlive() {
    }
}
