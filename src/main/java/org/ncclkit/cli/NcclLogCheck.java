package org.ncclkit.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.logs.Expectation;
import org.ncclkit.logs.NcclLogCapture;
import org.ncclkit.logs.NcclLogParser;
import org.ncclkit.logs.ShortVerdict;

/**
 * The NCCL log check that a command running NCCL does by itself: {@link #start} before the process's first NCCL call,
 * {@link #finish} on every process after its NCCL work (rank 0 prints one verdict over all processes' logs on
 * standard error, so standard output stays as nccl-tests writes it), {@link #explainingFailure} around the work,
 * {@link #close} in every case.
 */
final class NcclLogCheck implements AutoCloseable {
    private final LogCheckOptions options;
    private final Expectation expectation;
    private final NcclLogCapture capture;

    private NcclLogCheck(LogCheckOptions options, Expectation expectation, NcclLogCapture capture) {
        this.options = options;
        this.expectation = expectation;
        this.capture = capture;
    }

    /** Checks --expect (a {@link UsageException}) and sets NCCL's log variables unless --no-log-check. */
    static NcclLogCheck start(LogCheckOptions options) {
        Expectation expectation = options.expectation();
        return new NcclLogCheck(options, expectation, options.off ? NcclLogCapture.none() : NcclLogCapture.start());
    }

    /**
     * Every process of the group calls it at the same point; rank 0 prints the verdict, or why the log was not
     * checked. Returns {@code status}, or {@link ExitCodes#WRONG_RESULT} in its place when it is OK, the verdict is
     * FAIL and --expect named the network.
     */
    int finish(ProcessGroup group, PrintWriter err, int status) {
        boolean failed = report(group, err).filter(verdict -> !verdict.pass()).isPresent();
        return failed && options.failsTheCommand() && status == ExitCodes.OK ? ExitCodes.WRONG_RESULT : status;
    }

    /**
     * Every process of the group calls it at the same point; rank 0 prints the verdict over every process's log and
     * gets it back. Empty on the other ranks, and when the log was not checked (rank 0 then prints why).
     */
    Optional<ShortVerdict> report(ProcessGroup group, PrintWriter err) {
        if (options.off) {
            return Optional.empty();
        }
        List<String> logs = group.gatherToRankZero(ownLines(err).map(lines -> String.join("\n", lines)).orElse(""));
        if (group.rank() != 0) {
            return Optional.empty();
        }
        if (capture.skipped() != null) {
            err.println("ncclkit: NCCL log: not checked: " + capture.skipped());
            err.flush();
            return Optional.empty();
        }
        ShortVerdict verdict = ShortVerdict.of(NcclLogParser.parse(logs.stream().flatMap(String::lines).toList()), expectation);
        err.print(verdict.text());
        err.flush();
        return Optional.of(verdict);
    }

    /**
     * Runs this process's NCCL work; when it throws, first prints the verdict of this process's own log if that is
     * FAIL, as it may say why (a plugin that did not load, NCCL_NET naming a missing network).
     */
    <T> T explainingFailure(PrintWriter err, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            explainFailure(err);
            throw e;
        }
    }

    private void explainFailure(PrintWriter err) {
        if (options.off) {
            return;
        }
        ownLines(err).map(lines -> ShortVerdict.of(NcclLogParser.parse(lines), expectation)).filter(v -> !v.pass()).ifPresent(v -> {
            err.print(v.text());
            err.flush();
        });
    }

    @Override
    public void close() {
        capture.close();
    }

    /** This process's NCCL lines; a log that cannot be read is a note, never a reason to fail the command. */
    private Optional<List<String>> ownLines(PrintWriter err) {
        try {
            return capture.ncclLines();
        } catch (UncheckedIOException e) {
            err.println("ncclkit: NCCL log: not checked: " + e.getMessage());
            err.flush();
            return Optional.empty();
        }
    }
}
