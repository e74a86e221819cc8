package org.ncclkit.cli;

import java.util.List;

/** One {@code ncclkit perf} run in this JVM, for the perf GPU tests: its exit status and what it printed. */
record PerfRun(int exitCode, String out, String err) {
    /** Runs {@code ncclkit perf args...}. */
    static PerfRun perf(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "perf";
        System.arraycopy(args, 0, full, 1, args.length);
        InProcessCli cli = new InProcessCli();
        int code = cli.run(full);
        return new PerfRun(code, cli.out(), cli.err());
    }

    /** The table's rows: the lines that are neither comments nor blank. */
    static List<String> dataRows(String out) {
        return out.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }
}
