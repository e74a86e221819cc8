package org.ncclkit.launch;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.ncclkit.info.Hostname;

/**
 * Where the launcher started each rank, for messages about ranks that never showed up: from {@code NCCLKIT_HOSTS}
 * (set by {@code ncclkit mpirun}: the hosts in order, each running as many ranks as this one's, as {@code -N} places
 * them), or this host when every rank runs here; unknown otherwise.
 */
public final class RankHosts {
    public static final String VARIABLE = "NCCLKIT_HOSTS";

    private RankHosts() {
    }

    /** The host of each rank, or null where unknown. */
    public static IntFunction<String> of(RankEnv rank, Map<String, String> env) {
        String listed = env.get(VARIABLE);
        if (listed != null && !listed.isBlank() && rank.localSize() > 0) {
            List<String> hosts = List.of(listed.strip().split(","));
            int perHost = rank.localSize();
            return r -> r / perHost < hosts.size() ? hosts.get(r / perHost) : null;
        }
        if (rank.singleNode()) {
            String here = Hostname.get();
            return r -> here;
        }
        return r -> null;
    }
}
