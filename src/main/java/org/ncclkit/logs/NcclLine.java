package org.ncclkit.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line that NCCL, or a NET plugin through NCCL's logger, wrote. NCCL's {@code debug.cc} writes
 * {@code host:pid:tid [cudaDev] NCCL INFO msg}, {@code host:pid:tid [cudaDev] file:line NCCL WARN msg} (newer:
 * {@code file:line (function) NCCL WARN msg}) and, for the version at NCCL_DEBUG=VERSION, a bare
 * {@code NCCL version x}; the aws-ofi-nccl functional tests write {@code INFO: Function: f Line: n: msg}. Lines that
 * people paste from grep or documentation often keep only {@code NCCL INFO msg} or {@code NET/OFI msg}: those have no
 * {@link #process()}.
 *
 * @param process  the writing process, or null when the line does not say
 * @param label    the rank or task the launcher's prefix named, or null
 * @param location {@code file:line} or {@code function:line} for WARN and plugin-test lines, else null
 */
public record NcclLine(ProcessId process, String label, Level level, String location, String message) {
    public enum Level { INFO, WARN, TRACE, VERSION }

    /**
     * The host part is anything up to a colon without blanks or brackets (NCCL's own hostnames are plain, but people
     * anonymize them as {@code <cluster_name>}); the match may start anywhere, after prefixes nobody listed.
     */
    private static final Pattern HEADER = Pattern.compile(
            "(?<![^\\s\\]>|:])([^\\s:\\[\\]|]+):(\\d+):(\\d+) \\[(\\d+)\\] (?:(.*?) )?NCCL (INFO|WARN|TRACE)(?: (.*))?$");
    private static final Pattern BARE = Pattern.compile("(?:^|\\s)NCCL (INFO|WARN) (.*)$");
    private static final Pattern VERSION = Pattern.compile("^(NCCL version \\S+.*)$");
    private static final Pattern PLUGIN_TEST = Pattern.compile("^(INFO|WARN|TRACE): Function: (\\S+) Line: (\\d+): (.*)$");
    private static final Pattern BARE_OFI = Pattern.compile("^(NET/OFI .*)$");
    /** In {@code file:line (function)}, what NCCL 2.30+ writes before WARN, only {@code file:line} is kept. */
    private static final Pattern LOCATION = Pattern.compile("^(\\S+:\\d+)(?: \\(.*\\))?$");

    /** Parses a line; null when it is not one NCCL or the plugin wrote. */
    public static NcclLine parse(String rawLine) {
        if (!rawLine.contains("NCCL") && !rawLine.contains("NET/OFI") && !rawLine.contains("Function: ")) {
            return null; // most lines of a long log: no regular expression needed
        }
        LauncherPrefix.Stripped stripped = LauncherPrefix.strip(rawLine);
        String text = stripped.text().strip();
        Matcher m = HEADER.matcher(text);
        if (m.find()) {
            ProcessId process = new ProcessId(m.group(1), Long.parseLong(m.group(2)));
            String before = m.group(5);
            String location = null;
            if (before != null) {
                Matcher loc = LOCATION.matcher(before.strip());
                location = loc.matches() ? loc.group(1) : before.strip();
            }
            return new NcclLine(process, stripped.label(), Level.valueOf(m.group(6)), location, orEmpty(m.group(7)).strip());
        }
        if ((m = PLUGIN_TEST.matcher(text)).matches()) {
            return new NcclLine(null, stripped.label(), Level.valueOf(m.group(1)), m.group(2) + ":" + m.group(3), m.group(4).strip());
        }
        if ((m = VERSION.matcher(text)).matches()) {
            return new NcclLine(null, stripped.label(), Level.VERSION, null, m.group(1));
        }
        if ((m = BARE.matcher(text)).find()) {
            return new NcclLine(null, stripped.label(), Level.valueOf(m.group(1)), null, m.group(2).strip());
        }
        if ((m = BARE_OFI.matcher(text)).matches()) {
            return new NcclLine(null, stripped.label(), Level.INFO, null, m.group(1));
        }
        return null;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
