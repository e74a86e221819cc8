package org.ncclkit.logs;

import java.util.List;

/**
 * What {@code ncclkit logs verify} reports, as text ({@link LogReportText}) or JSON: the verdict first, then the
 * facts it rests on.
 *
 * @param source the file name, or {@code -} for standard input
 */
public record LogReport(String source, String verdict, String expected, String expectedBecause, String summary,
                        List<Problem> problems, List<String> notes, long lines, long ncclLines, List<String> ncclVersions,
                        List<HostSummary> hosts, List<ProcessSummary> processes) {

    public static LogReport of(String source, LogSummary log, Verdict verdict) {
        return new LogReport(source, verdict.pass() ? "PASS" : "FAIL", verdict.expectation().target().name().toLowerCase(java.util.Locale.ROOT),
                verdict.expectation().reason(), verdict.summary(), verdict.problems(), verdict.notes(), log.lines(), log.ncclLines(),
                log.ncclVersions(), HostSummary.of(log.processes()), log.processes());
    }
}
