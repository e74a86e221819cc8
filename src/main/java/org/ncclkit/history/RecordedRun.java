package org.ncclkit.history;

import org.ncclkit.results.BenchmarkRun;

/**
 * A run as the history holds it: its ID, when it was recorded, what recorded it ({@code perf}, {@code check},
 * {@code validate}, or {@code import}), whether it passed (finished, nothing wrong, the command's exit status 0), and
 * its fingerprint and results; for check and validate also their one-line verdict and their own JSON document (both
 * null for perf and import; the document is null too in {@link HistoryStore#list()}, which does not read it).
 */
public record RecordedRun(long id, String recordedAt, String kind, boolean passed, Fingerprint fingerprint,
                          BenchmarkRun run, String verdict, String document) {
}
