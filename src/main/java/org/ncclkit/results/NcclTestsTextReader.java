package org.ncclkit.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ncclkit.collective.Collective;
import org.ncclkit.info.Versions;
import org.ncclkit.logs.LauncherPrefix;

/**
 * Reads the text table that nccl-tests' {@code *_perf} binaries and {@code ncclkit perf} print, in every layout met in
 * the field: today's ({@code root} and {@code #wrong} columns, {@code Group} and a PCI domain in the device lines,
 * {@code -I 1} per-iteration columns, {@code -C} {@code cputime}), older ones (an {@code error} column, no
 * {@code root}, header lines without {@code #}), with NCCL's INFO lines between the rows, and with the prefixes that
 * {@code mpirun --tag-output} ({@code [1,0]<stdout>:}), {@code srun -l} ({@code 0: }) and Ray as SkyPilot runs it
 * ({@code (head, rank=0, pid=3808) }, before mpirun's) put before each line. Only rank 0's lines are read: nccl-tests
 * prints its table there, and the other ranks' lines are NCCL's. A file that ends early (a run that died) gives the rows
 * it has, marked incomplete.
 */
public final class NcclTestsTextReader {
    private static final Pattern DEVICE_LINE = Pattern.compile(
            "#\\s*Rank\\s+(\\d+)(?:\\s+Group\\s+(\\d+))?\\s+Pid\\s+(\\d+)\\s+on\\s+(\\S+)\\s+device\\s+(\\d+)\\s+\\[([^\\]]*)\\]\\s*(.*)");
    private static final Pattern STARTING = Pattern.compile("#\\s*Collective test starting:\\s*(\\S+)");
    private static final Pattern TOOL_VERSION = Pattern.compile("#\\s*(nccl-tests|ncclkit) (?:version )?(\\S+).*");
    private static final Pattern NCCL_VERSION = Pattern.compile("(?:nccl-library=(\\d+)|NCCL version (\\d+\\.\\d+\\.\\d+))");
    private static final Pattern AVERAGE = Pattern.compile("#?\\s*Avg bus bandwidth\\s*:\\s*(\\S+).*");
    private static final Pattern OUT_OF_BOUNDS = Pattern.compile("#?\\s*Out of bounds values\\s*:\\s*(\\d+).*");
    private static final Pattern ROW_START = Pattern.compile("\\s*\\d+\\s+\\d+\\s+\\S.*");

    private final String source;
    private final List<SizeRow> rows = new ArrayList<>();
    private final List<RankDevice> devices = new ArrayList<>();
    private TableLayout layout;
    private String collective;
    private String tool = "nccl-tests";
    private String toolVersion = "";
    private String ncclVersion = "";
    private Double average;
    private Long outOfBounds;

    private NcclTestsTextReader(String source) {
        this.source = source;
    }

    /**
     * Reads one run from {@code text}; {@code source} names the file in messages and, where the output does not name
     * its collective, may give it ({@code all_gather_perf.log}).
     *
     * @throws ResultsFormatException if there is no results table, or a row does not fit its table's header
     */
    public static BenchmarkRun read(BufferedReader text, String source) {
        NcclTestsTextReader reader = new NcclTestsTextReader(source);
        try {
            String line;
            int number = 0;
            while ((line = text.readLine()) != null) {
                number++;
                LauncherPrefix.Stripped stripped = LauncherPrefix.strip(line);
                if (!stripped.fromAnotherRank()) {
                    reader.accept(stripped.text(), number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
        return reader.finish();
    }

    private void accept(String line, int number) {
        String trimmed = line.strip();
        Matcher m;
        if ((m = DEVICE_LINE.matcher(trimmed)).matches()) {
            devices.add(new RankDevice(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4), Integer.parseInt(m.group(5)), m.group(6), m.group(7).strip()));
        } else if ((m = STARTING.matcher(trimmed)).matches()) {
            collective = m.group(1).replaceFirst("_perf(?:_mpi)?$", ""); // MPI builds kept beside the plain ones: all_reduce_perf_mpi
        } else if ((m = TOOL_VERSION.matcher(trimmed)).matches()) {
            tool = m.group(1);
            toolVersion = m.group(2);
            versionOfNccl(trimmed);
        } else if (NCCL_VERSION.matcher(trimmed).find() && ncclVersion.isEmpty()) {
            versionOfNccl(trimmed);
        } else if ((m = AVERAGE.matcher(trimmed)).matches()) {
            average = parseNumber(m.group(1), number);
        } else if ((m = OUT_OF_BOUNDS.matcher(trimmed)).matches()) {
            outOfBounds = Long.parseLong(m.group(1));
        } else if (TableLayout.isHeader(trimmed)) {
            layout = TableLayout.of(trimmed);
        } else if (layout != null && ROW_START.matcher(line).matches()) {
            layout.row(line.strip().split("\\s+"), number, source).ifPresent(rows::add);
        }
    }

    private void versionOfNccl(String line) {
        Matcher m = NCCL_VERSION.matcher(line);
        if (m.find()) {
            ncclVersion = m.group(1) != null ? Versions.nccl(Integer.parseInt(m.group(1))) : m.group(2);
        }
    }

    private Double parseNumber(String text, int line) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ResultsFormatException(source + " line " + line + ": '" + text + "' is not a number");
        }
    }

    private BenchmarkRun finish() {
        if (layout == null) {
            throw new ResultsFormatException(source + ": no nccl-tests results table (no line with the columns size, "
                    + "count, type, time, algbw, busbw)");
        }
        boolean complete = average != null;
        if (!complete && diedMidRow()) {
            rows.removeLast();
        }
        RunFacts facts = new RunFacts(tool, toolVersion, ncclVersion, List.copyOf(devices), "", Map.of(), "");
        return new BenchmarkRun(source, collective != null ? collective : collectiveFromName(source), facts,
                List.copyOf(rows), complete, average, outOfBounds);
    }

    /**
     * Whether the last row is the out-of-place half of a row whose in-place half never came: nccl-tests prints a row's
     * out-of-place half before it measures the in-place one, so a run that died there ends with a row of one placement.
     */
    private boolean diedMidRow() {
        return rows.size() >= 2 && rows.getLast().outOfPlace() == null && rows.get(rows.size() - 2).outOfPlace() != null;
    }

    /** The collective a file name points to ({@code nccl-all_gather_perf-2n.log} is all_gather), else unknown. */
    static String collectiveFromName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT).replace('-', '_');
        String best = "unknown";
        for (Collective c : Collective.values()) {
            if (name.contains(c.label()) && c.label().length() > (best.equals("unknown") ? 0 : best.length())) {
                best = c.label();
            }
        }
        return best;
    }

    /** Where each value sits in a row, as the header line said. */
    private record TableLayout(int leadColumns, boolean hasRoot, int groupWidth, boolean countsWrong, int cvColumn) {
        static boolean isHeader(String line) {
            List<String> names = List.of(line.replace("#", " ").strip().split("\\s+"));
            return names.size() > 6 && names.get(0).equals("size") && names.get(1).equals("count")
                    && names.contains("busbw") && (names.contains("time") || names.contains("cputime"));
        }

        static TableLayout of(String line) {
            List<String> names = List.of(line.replace("#", " ").strip().split("\\s+"));
            List<Integer> starts = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equals("time") || names.get(i).equals("cputime")) {
                    starts.add(i);
                }
            }
            int width = starts.size() > 1 ? starts.get(1) - starts.get(0) : names.size() - starts.get(0);
            int cv = names.indexOf("i_cv%");
            return new TableLayout(starts.get(0), names.contains("root"), width, !names.contains("error"),
                    cv < 0 ? -1 : cv - starts.get(0));
        }

        /**
         * The row, or nothing for a line that only looks like one or was cut off (a placement with fewer values than
         * the header has; what may follow the last placement is a {@code -S} timestamp, never a number).
         */
        Optional<SizeRow> row(String[] cells, int line, String source) {
            String[] values = withEmptyRedop(cells);
            int placements = (values.length - leadColumns) / groupWidth;
            int end = leadColumns + placements * groupWidth;
            if (placements < 1 || (end < values.length && isNumber(values[end]))) {
                return Optional.empty();
            }
            try {
                long size = Long.parseLong(values[0]);
                long count = Long.parseLong(values[1]);
                int root = hasRoot ? Integer.parseInt(values[4]) : -1;
                Placement first = placement(values, leadColumns);
                Placement second = placements >= 2 ? placement(values, leadColumns + groupWidth) : null;
                // A row with a single placement is replayed traffic: nccl-tests prints its in-place half alone.
                return Optional.of(placements >= 2
                        ? new SizeRow(size, count, values[2], values[3], root, first, second)
                        : new SizeRow(size, count, values[2], values[3], root, null, first));
            } catch (NumberFormatException e) {
                throw new ResultsFormatException(source + " line " + line + ": a row that does not fit the table's "
                        + "header (" + e.getMessage() + ")");
            }
        }

        // hypercube prints an empty redop, so its row has one value less where the root follows the type
        private String[] withEmptyRedop(String[] values) {
            if (!hasRoot || values.length <= leadColumns || !values[3].matches("-?\\d+")) {
                return values;
            }
            List<String> widened = new ArrayList<>(List.of(values));
            widened.add(3, "");
            return widened.toArray(String[]::new);
        }

        private static boolean isNumber(String cell) {
            try {
                Double.parseDouble(cell);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        private Placement placement(String[] values, int at) {
            String wrong = values[at + 3];
            Double count = !countsWrong || wrong.equals("N/A") ? null : Double.valueOf(wrong);
            return new Placement(Double.parseDouble(values[at]), Double.parseDouble(values[at + 1]),
                    Double.parseDouble(values[at + 2]), count, cvColumn < 0 ? null : Double.valueOf(values[at + cvColumn]));
        }
    }
}
