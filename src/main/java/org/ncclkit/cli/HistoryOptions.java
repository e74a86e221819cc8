package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.ncclkit.files.WritableOutput;
import org.ncclkit.history.HistoryLocation;
import org.ncclkit.history.HistoryStore;
import org.ncclkit.history.Recording;
import org.ncclkit.history.RunFingerprint;
import org.ncclkit.info.NodeSoftware;
import org.ncclkit.info.RunSetup;
import org.ncclkit.prom.PrometheusTextfile;
import org.ncclkit.prom.RunMetrics;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.RunFacts;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where a run's results go besides its own output, for the commands that measure (perf, check, validate): the history
 * (on by default) and a Prometheus textfile. Neither may fail the run: a store that cannot be written is one note.
 * Only the process that reports the run records it (rank 0, or validate's leader), once per run.
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

    /** A run of check or validate as it is recorded: its own JSON document, its verdict and its nodes. */
    record Report(String kind, boolean passed, List<String> hosts, String document, String verdict) {
    }

    static Path location(String option) {
        return HistoryLocation.resolve(option, System.getenv(), System.getProperty("user.home"));
    }

    /** The command line as typed, {@code ncclkit} first: the fingerprint's command (without its output options). */
    static List<String> commandLine(CommandSpec spec) {
        List<String> words = new ArrayList<>();
        words.add("ncclkit");
        words.addAll(spec.commandLine().getParseResult().originalArgs()); // already starts with the command's name
        return words;
    }

    /** Whether the run goes anywhere besides its own output: the history, or a --prom file. */
    boolean records() {
        return !off || prometheusFile != null;
    }

    /** Checks, before the run, that the --prom file can be written. */
    void checkWritable() {
        String problem = prometheusFile == null ? null : WritableOutput.problem(prometheusFile);
        if (problem != null) {
            throw new UsageException("--prom " + prometheusFile + ": " + problem);
        }
    }

    /**
     * Records a finished perf run where asked; problems are said on {@code err}, never thrown. The results are only
     * made when something records them: with neither history nor --prom the run ends without rendering them.
     */
    void record(String kind, Supplier<BenchmarkRun> results, boolean passed, PrintWriter err) {
        if (!records()) {
            return;
        }
        BenchmarkRun run = results.get();
        record(() -> new Recording(kind, passed, RunFingerprint.of(run, NodeSoftware.probe(), System.getenv()), run,
                null, null), () -> RunMetrics.of(run, passed, Instant.now().getEpochSecond()), err);
    }

    /**
     * Records a run of check or validate where asked: {@code rows} makes the rows that compare judges from the run's
     * facts; the fingerprint's GPUs and NCCL come from {@code setup} (read only when the run is recorded).
     */
    void record(Report report, CommandSpec spec, Supplier<RunSetup> setup, Function<RunFacts, BenchmarkRun> rows,
                Supplier<PrometheusTextfile> metrics, PrintWriter err) {
        record(() -> {
            RunSetup s = setup.get();
            String command = String.join(" ", commandLine(spec));
            RunFacts facts = new RunFacts("ncclkit", Main.version(), s.nccl(), List.of(), command, java.util.Map.of(),
                    Instant.now().toString());
            return new Recording(report.kind(), report.passed(), RunFingerprint.of(report.hosts(), s.gpuModels(), s.nccl(),
                    NodeSoftware.probe(), System.getenv(), command), rows.apply(facts), report.document(), report.verdict());
        }, metrics, err);
    }

    private void record(Supplier<Recording> recording, Supplier<PrometheusTextfile> metrics, PrintWriter err) {
        if (prometheusFile != null) {
            try {
                metrics.get().write(prometheusFile);
            } catch (IOException | RuntimeException e) {
                err.println("ncclkit: note: --prom " + prometheusFile + " not written: " + e.getMessage());
            }
        }
        if (!off) {
            Path store = location(path);
            try (HistoryStore history = HistoryStore.open(store)) {
                history.add(recording.get());
            } catch (RuntimeException e) { // the store's own errors, and any other: the history never fails the run
                err.println("ncclkit: note: run not recorded in the history: " + e.getMessage() + " (--no-history skips it)");
            }
        }
        err.flush();
    }
}
