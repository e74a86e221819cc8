package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;

import org.ncclkit.files.WritableOutput;
import org.ncclkit.history.HistoryException;
import org.ncclkit.history.HistoryLocation;
import org.ncclkit.history.HistoryStore;
import org.ncclkit.history.RunFingerprint;
import org.ncclkit.info.NodeSoftware;
import org.ncclkit.prom.RunMetrics;
import org.ncclkit.results.BenchmarkRun;

import picocli.CommandLine.Option;

/**
 * Where a run's results go besides its own output, for the commands that measure (perf, check, validate): the history
 * (on by default) and a Prometheus textfile. Neither may fail the run: a store that cannot be written is one note.
 */
final class HistoryOptions {
    @Option(names = "--history", paramLabel = "PATH", description = "Record the run in this history file (default: "
            + "NCCLKIT_HISTORY, else ~/.local/share/ncclkit/history.db).")
    String path;
    @Option(names = "--no-history", description = "Do not record the run in the history.")
    boolean off;
    @Option(names = "--prom", paramLabel = "FILE", description = "Write the results in Prometheus' text format to FILE "
            + "(for node-exporter's textfile collector; replaced atomically).")
    Path prometheusFile;

    static Path location(String option) {
        return HistoryLocation.resolve(option, System.getenv(), System.getProperty("user.home"));
    }

    /** Checks, before the run, that the --prom file can be written. */
    void checkWritable() {
        String problem = prometheusFile == null ? null : WritableOutput.problem(prometheusFile);
        if (problem != null) {
            throw new UsageException("--prom " + prometheusFile + ": " + problem);
        }
    }

    /** Records the finished run where asked; problems are said on {@code err}, never thrown. */
    void record(String kind, BenchmarkRun run, boolean passed, PrintWriter err) {
        if (prometheusFile != null) {
            try {
                RunMetrics.of(run, passed, Instant.now().getEpochSecond()).write(prometheusFile);
            } catch (IOException e) {
                err.println("ncclkit: note: --prom " + prometheusFile + " not written: " + e.getMessage());
            }
        }
        if (!off) {
            Path store = location(path);
            try (HistoryStore history = HistoryStore.open(store)) {
                history.add(kind, passed, RunFingerprint.of(run, NodeSoftware.probe(), System.getenv()), run);
            } catch (HistoryException e) {
                err.println("ncclkit: note: run not recorded in the history: " + e.getMessage() + " (--no-history skips it)");
            }
        }
        err.flush();
    }
}
