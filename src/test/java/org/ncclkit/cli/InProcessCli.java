package org.ncclkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the ncclkit command line in this JVM and keeps what it printed to standard output and standard error. */
final class InProcessCli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code ncclkit args} on a fresh {@link Main#newCommandLine()} and returns its exit status. */
    int run(String... args) {
        return run(Main.newCommandLine(), args);
    }

    /**
     * Runs {@code args} on {@code commandLine}, which the caller has set up (a field injected, a subcommand replaced),
     * and returns its exit status; what it prints is added to {@link #out()} and {@link #err()}.
     */
    int run(CommandLine commandLine, String... args) {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** What the runs so far printed to standard output. */
    String out() {
        return out.toString();
    }

    /** What the runs so far printed to standard error. */
    String err() {
        return err.toString();
    }

    /** Forgets what the runs so far printed. */
    void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }
}
