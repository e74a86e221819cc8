package org.ncclkit.history;

import org.ncclkit.results.BenchmarkRun;

/**
 * A run to record: what recorded it, whether it passed (the command's exit status 0), its fingerprint and the rows
 * that {@code history compare} judges; for check and validate also their own JSON document and the one-line verdict
 * that {@code history list} prints (null for perf and import).
 */
public record Recording(String kind, boolean passed, Fingerprint fingerprint, BenchmarkRun run, String document,
                        String verdict) {
}
