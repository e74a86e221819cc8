package org.ncclkit.rendezvous;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * How rank 0's store speaks of the ranks that have not joined yet: where each was started (so that the message names
 * the host to look at), and where its progress lines go. The store gives up on them after the connect timeout.
 *
 * @param expectedHost the host a rank was started on, or null where the launcher does not say
 * @param progress     receives a line like {@code waiting for 3 of 64 ranks: 12, 40, 41 (hosts node3, node7)}
 * @param every        how often that line comes while ranks are missing
 */
public record JoinWatch(IntFunction<String> expectedHost, Consumer<String> progress, Duration every) {
    /** Nobody told, no hosts known: the store still gives up after the connect timeout. */
    public static JoinWatch silent() {
        return new JoinWatch(rank -> null, line -> { }, Duration.ofDays(1));
    }

    /** Progress every 10 s, or 4 times within the connect timeout when that is shorter than 40 s. */
    public static Duration interval(Duration connect) {
        Duration quarter = connect.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(10)) < 0 ? quarter : Duration.ofSeconds(10);
    }
}
