package org.ncclkit.history;

import java.nio.file.Path;

import org.ncclkit.results.BenchmarkRun;

/**
 * A separate process for {@link HistoryStoreTest}: records N runs, one transaction each, named by its PID and index,
 * each with a document that names it too.
 */
public final class HistoryWriter {
    private HistoryWriter() {
    }

    public static void main(String[] args) {
        int count = Integer.parseInt(args[1]);
        BenchmarkRun run = SyntheticResults.sweep();
        long pid = ProcessHandle.current().pid();
        try (HistoryStore store = HistoryStore.open(Path.of(args[0]))) {
            for (int i = 0; i < count; i++) {
                BenchmarkRun named = new BenchmarkRun(pid + "/" + i, run.collective(), run.facts(), run.rows(),
                        run.complete(), run.averageBusBandwidth(), run.outOfBounds());
                store.add(new Recording("perf", true, SyntheticResults.FINGERPRINT, named,
                        "{\"source\":\"" + named.source() + "\"}", "run " + i));
            }
        }
    }
}
