package org.ncclkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ncclkit.check.CheckReport;
import org.ncclkit.history.HistoryStore;
import org.ncclkit.history.HistoryText;
import org.ncclkit.history.RecordedRun;
import org.ncclkit.history.RegressionCheck;
import org.ncclkit.history.RunFingerprint;
import org.ncclkit.info.NodeSoftware;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.ResultsFiles;
import org.ncclkit.results.ResultsFormatException;
import org.ncclkit.validate.ValidateReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ncclkit history}: the runs recorded by perf, check and validate (or imported), and regressions between them. */
@Command(name = "history", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit history list",
                "  ncclkit history compare --baseline last-pass",
                "  ncclkit history import all_reduce_perf.log"},
        subcommands = {HistoryCommand.ListRuns.class, HistoryCommand.Show.class, HistoryCommand.Import.class,
                HistoryCommand.Compare.class},
        description = {"The runs that perf, check and validate recorded (on by default; --no-history skips), and "
                + "regressions between them. The store is --history PATH, else NCCLKIT_HISTORY, else "
                + "~/.local/share/ncclkit/history.db (one SQLite file)."})
public final class HistoryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The store option shared by the subcommands. */
    static final class Store {
        @Option(names = "--history", paramLabel = "PATH", description = "The history file (default: NCCLKIT_HISTORY, "
                + "else ~/.local/share/ncclkit/history.db).")
        String path;

        HistoryStore open() {
            return HistoryStore.open(HistoryOptions.location(path));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit history list",
                "  ncclkit history list --history /shared/ncclkit-history.db"}, description = "One run per line, its ID first, oldest first.")
    static final class ListRuns implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;

        @Override
        public Integer call() {
            try (HistoryStore history = store.open()) {
                print(spec, HistoryText.list(history.list()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit history show 12",
                "  ncclkit history show --json 13 > validate.json",
                "  ncclkit history show --history run.db 1"},
            description = "One run: its fingerprint and its rows; of check and validate, their summary as they printed it.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Parameters(paramLabel = "ID", description = "The run's ID (the first column of history list).")
        long id;
        @Option(names = "--json", description = "Print the JSON document that check or validate wrote of the run "
                + "(check p2p's --json, validate's " + ValidateReport.SCHEMA + ", check's " + CheckReport.SCHEMA
                + ") on standard output.")
        boolean json;

        @Override
        public Integer call() {
            try (HistoryStore history = store.open()) {
                RecordedRun run = find(history, id);
                if (!json) {
                    print(spec, HistoryText.show(run));
                } else if (run.document() != null) {
                    print(spec, run.document().endsWith("\n") ? run.document() : run.document() + "\n");
                } else {
                    throw new UsageException("run " + id + " (" + run.kind() + ") has no JSON document: only check and "
                            + "validate runs that got as far as their report keep one; history show " + id + " prints the run");
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit history import all_reduce_perf.log",
                "  ncclkit history import results/*.json"},
            description = "Record results files of either tool: nccl-tests' or ncclkit perf's text output (with or "
                    + "without mpirun --tag-output or srun -l prefixes) or their -J JSON. The fingerprint is what the "
                    + "file says (hosts, GPUs, NCCL, command); the rest reads 'imported'.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Results files.")
        List<Path> files;

        @Override
        public Integer call() {
            List<BenchmarkRun> runs = new ArrayList<>();
            for (Path file : files) { // every file is read before any is recorded: nothing half-imported
                try {
                    runs.add(ResultsFiles.read(file));
                } catch (ResultsFormatException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            NodeSoftware unknown = new NodeSoftware("imported", "imported", "imported");
            try (HistoryStore history = store.open()) {
                for (BenchmarkRun run : runs) {
                    boolean passed = run.complete() && !run.hasWrongResults();
                    long id = history.add("import", passed, RunFingerprint.of(run, unknown, run.facts().environment()), run);
                    out.println(HistoryText.imported(id, run));
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit history compare 3 7",
                "  ncclkit history compare --baseline last-pass",
                "  ncclkit history compare --tolerance 10 --baseline last-pass 7"},
            description = {"Compare two runs size by size: a size of 1 MiB or more regresses when its bus bandwidth is "
                    + "more than --tolerance below the baseline and beyond 3 times the noise (the spread of the "
                    + "baseline's repetitions, or of -I 1 per-iteration times).",
                    "Exit status: 0 no regression, 7 a regression, 6 usage error or unknown run."})
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Parameters(paramLabel = "RUN", arity = "0..2", description = "BASELINE CANDIDATE, or with --baseline only the "
                + "CANDIDATE (default: the newest run).")
        List<Long> ids = new ArrayList<>();
        @Option(names = "--baseline", paramLabel = "last-pass", description = "Compare with the last passing run of the "
                + "same fingerprint and collective; the noise comes from up to --window of them.")
        String baseline;
        @Option(names = "--window", defaultValue = "5", description = "Passing runs that set the noise with --baseline "
                + "(default ${DEFAULT-VALUE}).")
        int window;
        @Option(names = "--tolerance", paramLabel = "PERCENT", defaultValue = "5",
                description = "The drop in bus bandwidth allowed, in percent (default ${DEFAULT-VALUE}).")
        double tolerancePercent;

        @Override
        public Integer call() {
            if (tolerancePercent < 0 || tolerancePercent >= 100) {
                throw new UsageException("--tolerance takes a percentage from 0 to 100, not " + tolerancePercent);
            }
            if (baseline != null && !baseline.equals("last-pass")) {
                throw new UsageException("--baseline takes last-pass, not '" + baseline + "'");
            }
            if (baseline == null ? ids.size() != 2 : ids.size() > 1) {
                throw new UsageException(baseline == null ? "compare takes two run IDs (BASELINE CANDIDATE), or "
                        + "--baseline last-pass [RUN]" : "with --baseline, compare takes at most one run ID");
            }
            if (window < 1) {
                throw new UsageException("--window must be at least 1");
            }
            try (HistoryStore history = store.open()) {
                RecordedRun candidate;
                List<RecordedRun> baselines;
                if (baseline == null) {
                    baselines = List.of(find(history, ids.get(0)));
                    candidate = find(history, ids.get(1));
                } else {
                    candidate = ids.isEmpty() ? history.latest().orElseThrow(() -> new UsageException(
                            "the history is empty: nothing to compare")) : find(history, ids.getFirst());
                    baselines = history.passedBefore(candidate.fingerprint().id(), candidate.run().collective(),
                            candidate.id(), window);
                    if (baselines.isEmpty()) {
                        throw new UsageException("no passing run of fingerprint " + candidate.fingerprint().id() + " ("
                                + candidate.run().collective() + ") before run " + candidate.id() + " to compare with");
                    }
                }
                RegressionCheck.Comparison comparison = RegressionCheck.compare(
                        baselines.stream().map(RecordedRun::run).toList(), candidate.run(), tolerancePercent / 100);
                print(spec, HistoryText.comparison(baselines.getFirst(), candidate, comparison));
                return comparison.regressions().isEmpty() ? ExitCodes.OK : ExitCodes.WRONG_RESULT;
            }
        }
    }

    private static void print(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(text);
        out.flush();
    }

    private static RecordedRun find(HistoryStore history, long id) {
        return history.get(id).orElseThrow(() -> new UsageException("no run " + id + " in the history (history list "
                + "shows the IDs)"));
    }
}
