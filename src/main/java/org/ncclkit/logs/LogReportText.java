package org.ncclkit.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link LogReport} as the short text {@code ncclkit logs verify} prints: what NCCL used, per host, verdict. */
public final class LogReportText {

    private LogReportText() {
    }

    public static String render(LogReport report) {
        StringBuilder out = new StringBuilder();
        int processes = (int) report.processes().stream().filter(ProcessSummary::attributed).count();
        long hosts = report.processes().stream().filter(ProcessSummary::attributed).map(ProcessSummary::host).distinct().count();
        line(out, "Log", report.source() + ": " + report.lines() + " lines, " + report.ncclLines() + " from NCCL, "
                + NetworkVerdicts.count(processes, "process") + " on " + NetworkVerdicts.count((int) hosts, "host"));
        line(out, "NCCL", report.ncclVersions().isEmpty() ? "version not in the log" : String.join(", ", report.ncclVersions()));
        line(out, "NET plugin", plugin(report.processes()));
        String ofi = ofi(report.processes());
        if (!ofi.isEmpty()) {
            line(out, "OFI plugin", ofi);
        }
        line(out, "Network", network(report.processes()));
        if (!report.hosts().isEmpty()) {
            out.append('\n');
            hostTable(out, report.hosts());
        }
        out.append('\n');
        line(out, "Expected", expected(report));
        line(out, "Verdict", report.summary());
        report.problems().forEach(problem -> out.append(problem(problem, "  ")));
        for (String note : report.notes()) {
            out.append("  note  ").append(note).append('\n');
        }
        return out.toString();
    }

    /** A problem in two lines, its reason after its severity and its fix below, each line after {@code indent}. */
    static String problem(Problem problem, String indent) {
        return indent + String.format(Locale.ROOT, "%-4s", problem.severity()) + "  " + problem.reason() + "\n"
                + indent + "      fix: " + problem.remediation() + "\n";
    }

    private static String expected(LogReport report) {
        return switch (report.expected()) {
            case "efa" -> "EFA";
            case "ib" -> "IB";
            case "socket" -> "Socket";
            default -> "whatever network the log used";
        } + " (" + report.expectedBecause() + ")";
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(String.format(Locale.ROOT, "%-12s", key)).append(value).append('\n');
    }

    private static String plugin(List<ProcessSummary> processes) {
        List<PluginEvent> events = processes.stream().flatMap(p -> p.plugin().stream()).distinct().toList();
        List<String> parts = new ArrayList<>();
        String requested = names(events, PluginEvent.Kind.REQUESTED, PluginEvent::name);
        if (!requested.isEmpty()) {
            parts.add("NCCL_NET_PLUGIN=" + requested);
        }
        String loadedNames = names(events.stream().filter(e -> e.detail() != null).toList(), PluginEvent.Kind.LOADED, PluginEvent::detail);
        String loadedFiles = names(events.stream().filter(e -> e.detail() == null).toList(), PluginEvent.Kind.LOADED, PluginEvent::name);
        if (!loadedNames.isEmpty() || !loadedFiles.isEmpty()) {
            parts.add("loaded " + (loadedNames.isEmpty() ? loadedFiles : loadedFiles.isEmpty() ? loadedNames : loadedNames + " from " + loadedFiles));
        }
        String notFound = names(events, PluginEvent.Kind.NOT_FOUND, PluginEvent::name);
        if (!notFound.isEmpty()) {
            parts.add("not found: " + notFound);
        }
        events.stream().filter(e -> e.kind() == PluginEvent.Kind.LOAD_FAILED)
                .map(e -> "could not load " + e.name() + (e.detail() == null ? "" : " (" + e.detail() + ")")).distinct().forEach(parts::add);
        String initFailed = names(events, PluginEvent.Kind.INIT_FAILED, PluginEvent::name);
        if (!initFailed.isEmpty()) {
            parts.add("init failed: " + initFailed);
        }
        if (events.stream().anyMatch(e -> e.kind() == PluginEvent.Kind.INTERNAL)) {
            parts.add("NCCL went on with its internal transports (IB, Socket)");
        }
        return parts.isEmpty() ? "not in the log" : String.join("; ", parts);
    }

    private static String names(List<PluginEvent> events, PluginEvent.Kind kind, java.util.function.Function<PluginEvent, String> name) {
        return events.stream().filter(e -> e.kind() == kind).map(name).distinct().collect(Collectors.joining(", "));
    }

    private static String ofi(List<ProcessSummary> processes) {
        List<String> parts = new ArrayList<>();
        processes.stream().map(ProcessSummary::ofiPluginVersion).filter(v -> v != null).distinct()
                .forEach(parts::add);
        processes.stream().map(ProcessSummary::libfabricVersion).filter(v -> v != null).distinct().forEach(v -> parts.add("Libfabric " + v));
        processes.stream().map(ProcessSummary::platform).filter(v -> v != null).distinct().forEach(v -> parts.add("platform " + v));
        String providers = processes.stream().flatMap(p -> p.providers().stream()).map(OfiProvider::toString).distinct()
                .collect(Collectors.joining(", "));
        if (!providers.isEmpty()) {
            parts.add("provider " + providers);
        }
        return String.join(", ", parts);
    }

    private static String network(List<ProcessSummary> processes) {
        Map<String, List<ProcessSummary>> byNetwork = processes.stream().filter(p -> !p.network().isEmpty())
                .collect(Collectors.groupingBy(NetworkVerdicts::networkLabel, java.util.LinkedHashMap::new, Collectors.toList()));
        if (byNetwork.isEmpty()) {
            return "not in the log";
        }
        return byNetwork.entrySet().stream().map(e -> e.getKey() + " on " + NetworkVerdicts.count(e.getValue().size(), "process")
                + " (" + evidence(e.getValue().getFirst()) + ")").collect(Collectors.joining("; "));
    }

    private static String evidence(ProcessSummary p) {
        String evidence = p.networkEvidence();
        return evidence.startsWith("inferred") ? evidence : "from " + (evidence.equals("Using network") ? "'Using network'" : evidence);
    }

    /** Hosts shown one per row; the rest are counted by network, so the report of a log of any size stays short. */
    static final int HOST_ROWS = 32;

    private static void hostTable(StringBuilder out, List<HostSummary> hosts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"host", "procs", "ranks", "network", "provider", "NET (GDRDMA)", "other channels"});
        for (HostSummary h : hosts.stream().limit(HOST_ROWS).toList()) {
            String other = h.transports().entrySet().stream().filter(e -> !e.getKey().startsWith("NET/"))
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            rows.add(new String[] {h.host(), h.processes() == 0 ? "-" : Integer.toString(h.processes()), ranges(h.ranks()),
                    h.networks().isEmpty() ? "?" : String.join(", ", h.networks()),
                    h.providers().isEmpty() ? "-" : String.join(", ", h.providers()),
                    h.netConnections() == 0 ? "-" : h.netConnections() + " (" + h.gdrdmaConnections() + ")", other.isEmpty() ? "-" : other});
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String cell = c == 1 ? " ".repeat(width[c] - row[c].length()) + row[c] : row[c] + " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (hosts.size() > HOST_ROWS) {
            Map<String, Long> networks = hosts.stream().skip(HOST_ROWS).collect(Collectors.groupingBy(
                    h -> h.networks().isEmpty() ? "?" : String.join(", ", h.networks()), java.util.TreeMap::new, Collectors.counting()));
            out.append("and ").append(hosts.size() - HOST_ROWS).append(" more hosts, by network: ")
                    .append(networks.entrySet().stream().map(e -> e.getKey() + " on " + e.getValue()).collect(Collectors.joining(", ")))
                    .append(" (--json lists every process)\n");
        }
    }

    /** {@code 0-7,9}; {@code -} for none. */
    static String ranges(List<Integer> ranks) {
        if (ranks.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        int start = ranks.getFirst();
        int previous = start;
        for (int i = 1; i <= ranks.size(); i++) {
            if (i < ranks.size() && ranks.get(i) == previous + 1) {
                previous = ranks.get(i);
                continue;
            }
            parts.add(start == previous ? Integer.toString(start) : start + "-" + previous);
            if (i < ranks.size()) {
                start = ranks.get(i);
                previous = start;
            }
        }
        return String.join(",", parts);
    }
}
