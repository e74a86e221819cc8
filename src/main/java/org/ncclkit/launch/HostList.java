package org.ncclkit.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.ncclkit.files.FileProblem;

/**
 * Reads the nodes of a run, in order. A {@code --hosts} value is a file when one exists at that path, otherwise a
 * comma list that may use Slurm's ranges ({@code h1,h2}, {@code node[01-16]}, {@code a[1-3,7],b5}). A file has one
 * node per line, plain or as in an Open MPI hostfile ({@code host slots=8}, {@code max_slots=N}), with {@code #}
 * comments and blank lines; a host may appear once. Errors are {@link IllegalArgumentException}s naming the file and
 * line.
 *
 * <p>Commands that reach the nodes over SSH read {@link #parseDestinations destinations} instead: each host may carry
 * a user and a port, {@code user@node[01-04]:2222}, as {@link Destination} describes.
 */
public final class HostList {
    /** What a host word may be: a plain name (for mpirun and Slurm), or an SSH destination with user and port. */
    private enum Names { PLAIN, DESTINATIONS }

    /** Room for the most names a list may expand to, each on a line of its own with options. */
    private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private HostList() {
    }

    /** A {@code --hosts} value: an existing file (ranges allowed in it), else a host list. */
    public static List<HostEntry> parse(String value) {
        return parse(value, Names.PLAIN);
    }

    /**
     * A {@code --hosts} value of a command that works over SSH: as {@link #parse}, and a host may be written
     * {@code [user@]host[:port]} (the user and port apply to every name of a range). Each entry's
     * {@link HostEntry#host()} is then the destination as {@link Destination#toString()} writes it.
     */
    public static List<HostEntry> parseDestinations(String value) {
        return parse(value, Names.DESTINATIONS);
    }

    private static List<HostEntry> parse(String value, Names names) {
        Path file = Path.of(value);
        if (Files.isRegularFile(file)) {
            return readFile(file, true, names);
        }
        if (value.contains("/")) {
            throw new IllegalArgumentException("hosts file " + value + ": " + notAFile(file));
        }
        List<HostEntry> hosts = expandHosts(value, names).stream().map(HostEntry::of).toList();
        checkUnique(hosts, value, null);
        return hosts;
    }

    /** The names of a host list; as destinations, the user and port of each item are kept on each of its names. */
    private static List<String> expandHosts(String list, Names names) {
        if (names == Names.PLAIN) {
            return SlurmNodeList.expand(list);
        }
        List<String> hosts = new ArrayList<>();
        for (String item : SlurmNodeList.splitTopLevel(list)) {
            Destination destination = Destination.parse(item);
            if (destination.isIpv6Address()) {
                if (!destination.host().matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?")) {
                    throw new IllegalArgumentException("'" + item + "' is not an IPv6 address");
                }
                hosts.add(destination.toString());
                continue;
            }
            for (String name : SlurmNodeList.expand(destination.host())) {
                hosts.add(destination.withHost(name).toString());
            }
        }
        return hosts;
    }

    /**
     * A hostfile that is handed to Open MPI's {@code mpirun --hostfile} as it is, so Slurm ranges are refused there
     * (Open MPI would not expand them).
     */
    public static List<HostEntry> readOpenMpiHostfile(Path file) {
        return readFile(file, false);
    }

    static List<HostEntry> readFile(Path file, boolean allowRanges) {
        return readFile(file, allowRanges, Names.PLAIN);
    }

    private static List<HostEntry> readFile(Path file, boolean allowRanges, Names names) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("hosts file " + file + ": " + notAFile(file));
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("hosts file " + file + " has " + Files.size(file) + " bytes, more than a "
                        + "hosts file of " + SlurmNodeList.MAX_HOSTS + " nodes could (" + MAX_FILE_BYTES + ")");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hosts file " + file + ": " + FileProblem.describe(file, e), e);
        }
        return parseLines(text, file.toString(), allowRanges, names);
    }

    /** The lines of a hosts file; source names the file in messages. */
    public static List<HostEntry> parseLines(String text, String source, boolean allowRanges) {
        return parseLines(text, source, allowRanges, Names.PLAIN);
    }

    /** Why a path named as a hosts file cannot be one. */
    private static String notAFile(Path file) {
        String problem = FileProblem.notReadable(file);
        return problem != null ? problem : "not a regular file";
    }

    private static List<HostEntry> parseLines(String text, String source, boolean allowRanges, Names names) {
        List<HostEntry> hosts = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String where = source + " line " + lineNumber;
            for (HostEntry entry : parseLine(content, where, allowRanges, names)) {
                hosts.add(entry);
                lineNumbers.add(lineNumber);
            }
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts file " + source + " names no host");
        }
        checkUnique(hosts, source, lineNumbers);
        return hosts;
    }

    private static List<HostEntry> parseLine(String content, String where, boolean allowRanges, Names names) {
        String[] words = content.split("\\s+");
        String host = words[0];
        if (host.contains("=")) {
            throw new IllegalArgumentException(where + ": '" + content + "' does not start with a host name");
        }
        if (!allowRanges && (host.contains("[") || host.contains(","))) {
            throw new IllegalArgumentException(where + ": '" + host + "' is a host list, which Open MPI's --hostfile "
                    + "does not expand; give the file with --hosts instead, or one host per line");
        }
        OptionalInt slots = OptionalInt.empty();
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            int equals = word.indexOf('=');
            String key = equals < 0 ? word : word.substring(0, equals);
            String value = equals < 0 ? "" : word.substring(equals + 1);
            switch (key) {
                case "slots" -> slots = OptionalInt.of(positive(value, word, where));
                case "max_slots", "max-slots" -> positive(value, word, where); // a limit for mpirun, not our count
                default -> throw new IllegalArgumentException(where + ": '" + word + "' is not slots=N or max_slots=N");
            }
        }
        List<String> hosts;
        try {
            hosts = expandHosts(host, names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        OptionalInt slotCount = slots;
        return hosts.stream().map(name -> new HostEntry(name, slotCount)).toList();
    }

    private static int positive(String value, String word, String where) {
        if (value.matches("\\d{1,6}") && Integer.parseInt(value) > 0) {
            return Integer.parseInt(value);
        }
        throw new IllegalArgumentException(where + ": '" + word + "' needs a whole number of 1 or more");
    }

    private static void checkUnique(List<HostEntry> hosts, String source, List<Integer> lineNumbers) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            Integer earlier = first.putIfAbsent(hosts.get(i).host(), i);
            if (earlier != null) {
                String where = lineNumbers == null ? "in " + source
                        : "on lines " + lineNumbers.get(earlier) + " and " + lineNumbers.get(i) + " of " + source;
                throw new IllegalArgumentException("host " + hosts.get(i).host() + " appears twice " + where
                        + "; each node is listed once (give it slots=N for several processes)");
            }
        }
    }
}
