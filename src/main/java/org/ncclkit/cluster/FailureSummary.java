package org.ncclkit.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Failed hosts grouped by cause, for a summary line that stays short with 10,000 of them: each cause once (the host's
 * own name in it replaced by {@code <host>}), how many hosts it hit and the first few of them, causes in order of first
 * appearance, at most {@value #CAUSES} causes.
 */
public final class FailureSummary {
    static final int HOSTS_NAMED = 5;
    static final int CAUSES = 8;

    private final Map<String, List<String>> hostsByCause = new LinkedHashMap<>();
    private int count;

    /** One failed host and what happened to it (a message that may name the host). */
    public void add(SshTarget target, String message) {
        count++;
        hostsByCause.computeIfAbsent(cause(target, message), cause -> new ArrayList<>()).add(target.label());
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** How many hosts failed. */
    public int count() {
        return count;
    }

    /** The message with every mention of the host (its label, known_hosts name or name) made {@code <host>}. */
    static String cause(SshTarget target, String message) {
        String cause = message;
        for (String name : List.of(target.label(), target.knownHostsName(), target.host())) {
            cause = Pattern.compile("(?<![\\w.@:\\[-])" + Pattern.quote(name) + "(?![\\w.:\\]-])").matcher(cause)
                    .replaceAll(Matcher.quoteReplacement("<host>"));
        }
        return cause;
    }

    /** {@code 9998 connection refused by <host> port 22: n0001, n0002, n0003, n0004, n0005 and 9993 more; 2 exit 2: a, b}. */
    @Override
    public String toString() {
        List<String> parts = hostsByCause.entrySet().stream().limit(CAUSES).map(entry -> {
            List<String> hosts = entry.getValue();
            String named = String.join(", ", hosts.subList(0, Math.min(HOSTS_NAMED, hosts.size())))
                    + (hosts.size() > HOSTS_NAMED ? " and " + (hosts.size() - HOSTS_NAMED) + " more" : "");
            return hosts.size() + " " + entry.getKey() + ": " + named;
        }).collect(Collectors.toCollection(ArrayList::new));
        if (hostsByCause.size() > CAUSES) {
            int hosts = hostsByCause.values().stream().skip(CAUSES).mapToInt(List::size).sum();
            parts.add(hosts + " more with " + (hostsByCause.size() - CAUSES) + " other causes");
        }
        return String.join("; ", parts);
    }
}
