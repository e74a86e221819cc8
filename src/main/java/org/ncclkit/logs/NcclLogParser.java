package org.ncclkit.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an NCCL_DEBUG=INFO log line by line, from nccl-tests, a PyTorch job or ncclkit itself, with or without
 * launcher prefixes, and keeps only facts, so a log of any length fits in memory. Feed it with {@link #accept} while
 * a run writes (from several threads if need be), or hand it a whole log with {@link #parse}.
 */
public final class NcclLogParser {
    private static final String UNATTRIBUTED = "(no host prefix)";
    private static final Pattern VERSION = Pattern.compile("^NCCL version (\\S+)");

    private final Map<ProcessId, ProcessLog> processes = new TreeMap<>();
    private final Map<String, ProcessLog> unattributed = new TreeMap<>();
    private final Set<String> versions = new LinkedHashSet<>();
    private long lines;
    private long ncclLines;
    private long infoLines;

    public synchronized void accept(String rawLine) {
        lines++;
        NcclLine line = NcclLine.parse(rawLine);
        if (line == null) {
            return;
        }
        ncclLines++;
        if (line.level() == NcclLine.Level.INFO) {
            infoLines++;
        }
        Matcher version = VERSION.matcher(line.message());
        if (version.find()) {
            versions.add(version.group(1));
        }
        if (line.process() == null && line.level() == NcclLine.Level.VERSION) {
            return; // NCCL_DEBUG=VERSION's bare line names no process: a fact of the whole log
        }
        processFor(line).accept(line);
    }

    private ProcessLog processFor(NcclLine line) {
        if (line.process() != null) {
            ProcessId id = line.process();
            return processes.computeIfAbsent(id, p -> new ProcessLog(p.toString(), p.host(), p.pid()));
        }
        String key = line.label() != null ? line.label() : UNATTRIBUTED;
        return unattributed.computeIfAbsent(key, k -> new ProcessLog(k, null, null));
    }

    public synchronized LogSummary summary() {
        List<ProcessSummary> summaries = new ArrayList<>();
        processes.values().stream().map(ProcessLog::summary).forEach(summaries::add);
        unattributed.values().stream().map(ProcessLog::summary).forEach(summaries::add);
        return new LogSummary(lines, ncclLines, infoLines, List.copyOf(versions), List.copyOf(summaries));
    }

    public static LogSummary parse(BufferedReader reader) throws IOException {
        NcclLogParser parser = new NcclLogParser();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            parser.accept(line);
        }
        return parser.summary();
    }

    public static LogSummary parse(List<String> lines) {
        NcclLogParser parser = new NcclLogParser();
        lines.forEach(parser::accept);
        return parser.summary();
    }
}
