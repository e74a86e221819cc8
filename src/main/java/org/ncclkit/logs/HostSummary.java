package org.ncclkit.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One host's processes taken together, for the per-host table; lines without a host prefix make a row of their own.
 *
 * @param transports channel connections per kind, NET ones included
 */
public record HostSummary(String host, int processes, List<Integer> ranks, List<String> networks, List<String> providers,
                          int netConnections, int gdrdmaConnections, Map<String, Integer> transports) {

    public static List<HostSummary> of(List<ProcessSummary> processes) {
        Map<String, List<ProcessSummary>> byHost = new LinkedHashMap<>();
        for (ProcessSummary p : processes) {
            byHost.computeIfAbsent(p.attributed() ? p.host() : p.id(), h -> new ArrayList<>()).add(p);
        }
        List<HostSummary> hosts = new ArrayList<>();
        byHost.forEach((host, list) -> {
            TreeSet<Integer> ranks = new TreeSet<>();
            List<String> networks = new ArrayList<>();
            List<String> providers = new ArrayList<>();
            Map<String, Integer> transports = new TreeMap<>();
            int net = 0;
            int gdr = 0;
            for (ProcessSummary p : list) {
                ranks.addAll(p.ranks());
                if (!p.network().isEmpty() && !networks.contains(NetworkVerdicts.networkLabel(p))) {
                    networks.add(NetworkVerdicts.networkLabel(p));
                }
                p.providers().stream().map(OfiProvider::provider).filter(x -> !providers.contains(x)).forEach(providers::add);
                p.transports().forEach((k, v) -> transports.merge(k, v, Integer::sum));
                net += p.netLinks();
                gdr += p.gdrdmaLinks();
            }
            int attributed = (int) list.stream().filter(ProcessSummary::attributed).count();
            hosts.add(new HostSummary(host, attributed, List.copyOf(ranks), List.copyOf(networks), List.copyOf(providers), net, gdr,
                    transports));
        });
        return hosts;
    }
}
