package org.ncclkit.history;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ncclkit.cluster.TextTable;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.SizeRow;

/** What {@code ncclkit history} prints: the run list, one run, and a comparison. */
public final class HistoryText {
    private HistoryText() {
    }

    /** One run per line, its ID first. */
    public static String list(List<RecordedRun> runs) {
        TextTable table = new TextTable("ID", "RECORDED", "KIND", "COLLECTIVE", "HOSTS", "GPU", "NCCL", "AVG BUSBW",
                "RESULT", "FINGERPRINT", "VERDICT");
        for (RecordedRun r : runs) {
            table.add(Long.toString(r.id()), r.recordedAt(), r.kind(), r.run().collective(),
                    Integer.toString(r.fingerprint().hosts().size()), r.fingerprint().gpuModel(), r.fingerprint().nccl(),
                    r.run().averageBusBandwidth() == null ? "-" : number(r.run().averageBusBandwidth()),
                    r.passed() ? "pass" : "FAIL", r.fingerprint().id(), r.verdict() == null ? "-" : r.verdict().replace('\n', ' '));
        }
        return table.render();
    }

    public static String show(RecordedRun r) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Run          %d (%s, %s, %s)%n", r.id(), r.kind(), r.run().collective(),
                r.passed() ? "passed" : "FAILED"));
        text.append(String.format(Locale.ROOT, "Recorded     %s from %s%n", r.recordedAt(), r.run().source()));
        text.append(String.format(Locale.ROOT, "Fingerprint  %s%n", r.fingerprint().id()));
        r.fingerprint().fields().forEach((name, value) ->
                text.append(String.format(Locale.ROOT, "  %-11s %s%n", name, value.isEmpty() ? "-" : value)));
        if (r.verdict() != null) { // check and validate: their own summary, as they printed it
            text.append(String.format(Locale.ROOT, "Verdict      %s%n", r.verdict()));
            text.append(r.document() == null ? "Report       none: the run ended before it had one\n"
                    : CommandDocuments.summary(r.run().collective(), r.document()));
            return text.toString();
        }
        text.append(String.format(Locale.ROOT, "Finished     %s%n", r.run().complete() ? "yes" : "no (the file ends before the summary)"));
        TextTable rows = new TextTable("SIZE", "TYPE", "REDOP", "ROOT", "TIME us", "ALGBW", "BUSBW", "#WRONG",
                "IN-PLACE TIME us", "ALGBW", "BUSBW", "#WRONG");
        for (SizeRow row : r.run().rows()) {
            rows.add(concat(new String[] {Long.toString(row.sizeBytes()), row.type(), row.redop(), Integer.toString(row.root())},
                    cells(row.outOfPlace()), cells(row.inPlace())));
        }
        text.append(rows.render());
        return text.toString();
    }

    public static String comparison(RecordedRun baseline, RecordedRun candidate, RegressionCheck.Comparison c) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Baseline   run %d (%s, %s)%s%n", baseline.id(), baseline.recordedAt(),
                baseline.run().collective(), c.baselineRuns() > 1 ? ", noise from " + c.baselineRuns() + " passing runs of its fingerprint" : ""));
        text.append(String.format(Locale.ROOT, "Candidate  run %d (%s, %s)%n", candidate.id(), candidate.recordedAt(),
                candidate.run().collective()));
        List<String> differences = baseline.fingerprint().differences(candidate.fingerprint());
        if (differences.isEmpty()) {
            text.append("Setup      the same fingerprint (").append(candidate.fingerprint().id()).append(")\n");
        } else {
            text.append("Setup      differs:\n");
            differences.forEach(d -> text.append("  ").append(d).append('\n'));
        }
        List<String> columns = CommandRows.columnNames(candidate.run().collective());
        TextTable table = new TextTable("SIZE", columns.get(0), columns.get(1), "PLACEMENT", "BASELINE GB/s",
                "CANDIDATE GB/s", "CHANGE", "NOISE", "VERDICT");
        for (RegressionCheck.SizeComparison s : c.sizes()) {
            table.add(Long.toString(s.sizeBytes()), s.type(), s.redop(), s.placement(), number(s.baselineBusBandwidth()),
                    number(s.candidateBusBandwidth()), change(s.change()), percent(s.noise()),
                    !s.judged() ? "-" : s.regressed() ? "REGRESSION" : "ok");
        }
        text.append(table.render());
        List<RegressionCheck.SizeComparison> regressions = c.regressions();
        text.append(String.format(Locale.ROOT, "Verdict    %s%n", regressions.isEmpty()
                ? "no regression at " + c.judged() + " sizes of 1 MiB or more (tolerance " + percent(c.tolerance()) + ")"
                : "REGRESSION at " + regressions.size() + " of " + c.judged() + " sizes of 1 MiB or more: bus bandwidth more than "
                        + percent(c.tolerance()) + " below the baseline and beyond " + (int) RegressionCheck.NOISE_SIGMAS
                        + " times the noise"));
        return text.toString();
    }

    private static String[] cells(Placement p) {
        if (p == null) {
            return new String[] {"-", "-", "-", "-"};
        }
        return new String[] {number(p.timeMicros()), number(p.algorithmBandwidth()), number(p.busBandwidth()),
                p.wrong() == null ? "N/A" : String.format(Locale.ROOT, "%.0f", p.wrong())};
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String change(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%+.1f%%", fraction * 100) : "-";
    }

    /** What {@code history import} prints for one file. */
    public static String imported(long id, BenchmarkRun run) {
        return String.format(Locale.ROOT, "imported run %d from %s (%s, %s, %d rows%s)", id, run.source(), run.collective(),
                run.facts().tool(), run.rows().size(), run.complete() ? "" : ", incomplete: the file ends before the summary");
    }
}
