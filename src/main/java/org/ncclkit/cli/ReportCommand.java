package org.ncclkit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ncclkit.cluster.PrivateFiles;
import org.ncclkit.files.WritableOutput;
import org.ncclkit.htmlreport.HtmlReport;
import org.ncclkit.htmlreport.ReportInput;
import org.ncclkit.htmlreport.ReportInputs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ncclkit report}: one self-contained HTML page of any runs, ncclkit's or nccl-tests' own. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        footer = {"", "Examples:",
                "  ncclkit report all_reduce_perf.log -o report.html",
                "  ncclkit report before.json after.json expected.json -o upgrade.html",
                "  ncclkit report v.json p2p.json gpus.jsonl --time-zone UTC -o cluster.html"},
       
        description = {"Draw runs as one self-contained HTML file (inline CSS and SVG, nothing fetched, opens offline "
                + "and prints): bandwidth against size per collective with the runs overlaid, regressions against the "
                + "first run, check p2p pair matrices, validate verdicts, monitor recordings with the runs that overlap "
                + "them, and the runs' facts.",
                "Inputs: perf or nccl-tests output (text, with or without mpirun --tag-output or srun -l prefixes, or "
                        + "-J JSON), validate --json, check p2p --json, monitor --record FILE.jsonl, expected --json (the expected "
                        + "band).",
                "Exit status: 0 written; 6 an input that cannot be read, a bad option or an output folder that cannot be written "
                        + "(nothing is written); 1 the write failed."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Files to draw, in the order of the legend.")
    List<Path> inputs = new ArrayList<>();
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true, description = "The HTML file to write.")
    Path output;
    @Option(names = "--tolerance", paramLabel = "PERCENT", defaultValue = "5",
            description = "A later run this much below the first run of its collective, at 1 MiB or more, is marked as "
                    + "a regression (default ${DEFAULT-VALUE}).")
    double tolerancePercent;
    @Option(names = "--time-zone", paramLabel = "ZONE",
            description = "The zone of the start and end times in -J JSON files, which nccl-tests and perf write in "
                    + "their node's local time without a zone, e.g. UTC or Europe/Berlin (default: this machine's zone).")
    String timeZone = ZoneId.systemDefault().getId();

    @Override
    public Integer call() {
        if (tolerancePercent < 0 || tolerancePercent >= 100) {
            throw new UsageException("--tolerance takes a percentage from 0 to 100, not " + tolerancePercent);
        }
        ZoneId runClock;
        try {
            runClock = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new UsageException("--time-zone " + timeZone + ": not a time zone (" + e.getMessage() + ")");
        }
        String unwritable = WritableOutput.problem(output);
        if (unwritable != null) {
            throw new UsageException("-o " + output + ": " + unwritable);
        }
        List<ReportInput> read;
        try {
            read = ReportInputs.readAll(inputs);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String commandLine = "ncclkit " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        String page = HtmlReport.render(read, tolerancePercent / 100, runClock, Instant.now(), commandLine);
        try {
            PrivateFiles.write(output.toAbsolutePath(), page.getBytes(StandardCharsets.UTF_8), PrivateFiles.PUBLIC_READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println("wrote " + output + " (" + read.size() + " inputs, " + page.length() / 1024 + " KiB)");
        return ExitCodes.OK;
    }
}
