package org.ncclkit.logs;

import java.io.IOException;
import java.io.Reader;
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
    /** Processes judged one by one; the lines of any further ones are judged together, so memory stays bounded. */
    public static final int MAX_PROCESSES = 16_384;
    private static final String UNATTRIBUTED = "(no host prefix)";
    private static final String OVERFLOW = "(processes past the first " + MAX_PROCESSES + ")";
    private static final Pattern VERSION = Pattern.compile("^NCCL version (\\S+)");

    private final Map<ProcessId, ProcessLog> processes = new TreeMap<>();
    private final Map<String, ProcessLog> unattributed = new TreeMap<>();
    private final Set<String> versions = new LinkedHashSet<>();
    private long lines;
    private long ncclLines;
    private long infoLines;
    private ProcessLog overflow;
    private long overflowLines;

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
            Bounded.add(versions, version.group(1));
        }
        if (line.process() == null && line.level() == NcclLine.Level.VERSION) {
            return; // NCCL_DEBUG=VERSION's bare line names no process: a fact of the whole log
        }
        processFor(line).accept(line);
    }

    private ProcessLog processFor(NcclLine line) {
        if (line.process() != null) {
            ProcessId id = line.process();
            ProcessLog known = processes.get(id);
            if (known != null) {
                return known;
            }
            if (processes.size() >= MAX_PROCESSES) {
                overflowLines++;
                if (overflow == null) {
                    overflow = new ProcessLog(OVERFLOW, null, null);
                }
                return overflow;
            }
            ProcessLog added = new ProcessLog(id.toString(), id.host(), id.pid());
            processes.put(id, added);
            return added;
        }
        String key = line.label() != null && (unattributed.size() < Bounded.VALUES || unattributed.containsKey(line.label()))
                ? line.label() : UNATTRIBUTED;
        return unattributed.computeIfAbsent(key, k -> new ProcessLog(k, null, null));
    }

    public synchronized LogSummary summary() {
        List<ProcessSummary> summaries = new ArrayList<>();
        processes.values().stream().map(ProcessLog::summary).forEach(summaries::add);
        unattributed.values().stream().map(ProcessLog::summary).forEach(summaries::add);
        if (overflow != null) {
            summaries.add(overflow.summary());
        }
        return new LogSummary(lines, ncclLines, infoLines, List.copyOf(versions), List.copyOf(summaries), overflowLines);
    }

    /** A whole log, line by line; a line longer than {@link BoundedLines#MAX_CHARS} is cut there. */
    public static LogSummary parse(Reader reader) throws IOException {
        NcclLogParser parser = new NcclLogParser();
        BoundedLines lines = new BoundedLines(reader);
        for (String line = lines.next(); line != null; line = lines.next()) {
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
