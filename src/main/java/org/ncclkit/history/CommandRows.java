package org.ncclkit.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.ncclkit.check.P2pJson;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.RunFacts;
import org.ncclkit.results.SizeRow;
import org.ncclkit.validate.ValidateReport;

/**
 * The rows of a check or validate run, encoded in the columns of perf's rows so that {@link RegressionCheck}, which
 * matches rows by size, type, redop and root, compares like with like (docs/commands/history.md, "What is recorded").
 * check p2p (collective {@value #P2P}) and check (collective {@value #CHECK}, from its p2p step): two rows at the
 * message size, type {@code float} (the data exchanged), redop {@value #MEDIAN} (the median pair's bandwidth) and
 * {@value #SLOWEST} (the slowest pair's), as busbw and algbw. validate (collective {@value #VALIDATE}): one row per
 * entry of its busbw list, at its bytes, with the collective as type and the run ({@code all GPUs},
 * {@code network only}, {@code NVLink only: NODE}) as redop. Root is -1 and only the out-of-place side is set.
 */
public final class CommandRows {
    public static final String P2P = "p2p";
    public static final String CHECK = "check";
    public static final String VALIDATE = "validate";
    static final String MEDIAN = "median";
    static final String SLOWEST = "slowest";
    private static final int FLOAT_BYTES = 4;

    private CommandRows() {
    }

    /** A check p2p document's rows (none when the check ended without one), under {@code collective} p2p or check. */
    public static BenchmarkRun pairs(String collective, P2pJson.Document p2p, RunFacts facts) {
        List<SizeRow> rows = new ArrayList<>();
        if (p2p != null && !p2p.pairs().isEmpty()) {
            P2pJson.Pair slowest = p2p.pairs().stream().min(Comparator.comparingDouble(P2pJson.Pair::bandwidthGbps)).orElseThrow();
            long wrong = p2p.pairs().stream().mapToLong(P2pJson.Pair::wrong).sum();
            rows.add(pairRow(p2p.bytes(), MEDIAN, p2p.bandwidthMedianGbps(), wrong));
            rows.add(pairRow(p2p.bytes(), SLOWEST, slowest.bandwidthGbps(), slowest.wrong()));
        }
        return new BenchmarkRun("ncclkit " + (collective.equals(P2P) ? "check p2p" : "check"), collective, facts,
                List.copyOf(rows), true, null, null);
    }

    /** A validate report's rows: one per collective run it measured (none where the GPU steps were skipped). */
    public static BenchmarkRun collectives(ValidateReport report, RunFacts facts) {
        List<SizeRow> rows = report.busbw().stream()
                // the report keeps busbw alone: time and algbw are not known
                .map(b -> row(b.bytes(), b.collective(), b.run(), new Placement(Double.NaN, Double.NaN, b.busbwGbps(),
                        (double) b.wrong(), null))).toList();
        return new BenchmarkRun("ncclkit validate", VALIDATE, facts, rows, true, null, null);
    }

    /** What the type and redop columns hold for runs of this collective, as {@code history compare} heads them. */
    static List<String> columnNames(String collective) {
        return switch (collective) {
            case P2P, CHECK -> List.of("TYPE", "PAIR");
            case VALIDATE -> List.of("COLLECTIVE", "RUN");
            default -> List.of("TYPE", "REDOP");
        };
    }

    /** Send/receive moves the message once: algbw is busbw, and the time is the bytes over it (in microseconds). */
    private static SizeRow pairRow(long bytes, String statistic, double gbps, long wrong) {
        return row(bytes, "float", statistic, new Placement(bytes / (gbps * 1e3), gbps, gbps, (double) wrong, null));
    }

    private static SizeRow row(long bytes, String type, String redop, Placement outOfPlace) {
        return new SizeRow(bytes, bytes / FLOAT_BYTES, type, redop, -1, outOfPlace, null);
    }
}
