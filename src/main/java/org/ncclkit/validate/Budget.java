package org.ncclkit.validate;

import java.time.Duration;

import org.ncclkit.check.PluginPairTransfer;

/**
 * Sizes and repetitions that fit the time given to {@code validate}. A round costs about the same whatever the node
 * count (its pairs run at once), so the budget is shared out by rounds: the 3 rounds of a search that finds one bad
 * node, in each of the two pair steps, and the collectives after them. With 10 minutes or more: 256 MiB pairs, 1 GiB
 * collectives; with 3: 64 MiB and 256 MiB; below: 16 MiB and 64 MiB. A search that needs more rounds stops at the
 * deadline and reports its open suspects as such.
 */
public record Budget(Duration total, PluginPairTransfer.Settings plugin, P2pStep.Settings p2p, CollectivesStep.Settings collectives) {
    public static Budget of(Duration total) {
        long seconds = total.toSeconds();
        Duration pairLimit = Duration.ofSeconds(Math.max(10, Math.min(120, seconds / 6)));
        int collectiveLimit = (int) Math.max(30, Math.min(300, seconds / 4));
        if (seconds >= 600) {
            return new Budget(total, new PluginPairTransfer.Settings(0, 4 << 20, 8, 10, 100, pairLimit),
                    new P2pStep.Settings(256L << 20, 20, pairLimit), new CollectivesStep.Settings(1L << 30, 20, collectiveLimit));
        }
        if (seconds >= 180) {
            return new Budget(total, new PluginPairTransfer.Settings(0, 1 << 20, 8, 10, 100, pairLimit),
                    new P2pStep.Settings(64L << 20, 20, pairLimit), new CollectivesStep.Settings(256L << 20, 10, collectiveLimit));
        }
        return new Budget(total, new PluginPairTransfer.Settings(0, 256 << 10, 8, 5, 50, pairLimit),
                new P2pStep.Settings(16L << 20, 10, pairLimit), new CollectivesStep.Settings(64L << 20, 5, collectiveLimit));
    }
}
