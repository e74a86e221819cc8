package org.ncclkit.results;

import java.util.List;

/**
 * One benchmark's results as read back from a file, whichever tool wrote it (ncclkit perf or nccl-tests, text or
 * JSON): the collective ({@code all_reduce}; {@code unknown} where the file does not say), the rows in file order,
 * and whether the run finished (a file cut short by a dead run keeps the rows it has, with {@code complete} false).
 * {@code averageBusBandwidth} and {@code outOfBounds} are null where the file ends before them.
 */
public record BenchmarkRun(String source, String collective, RunFacts facts, List<SizeRow> rows, boolean complete,
                           Double averageBusBandwidth, Long outOfBounds) {

    /** Whether any row reported wrong elements (a non-zero {@code #wrong}), or the out-of-bounds count is not 0. */
    public boolean hasWrongResults() {
        boolean wrongRow = rows.stream().flatMap(r -> java.util.stream.Stream.of(r.outOfPlace(), r.inPlace()))
                .anyMatch(p -> p != null && p.wrong() != null && p.wrong() > 0);
        return wrongRow || (outOfBounds != null && outOfBounds > 0);
    }
}
