package org.ncclkit.cli;

import org.ncclkit.info.EfaDevices;
import org.ncclkit.logs.Expectation;

import picocli.CommandLine.Option;

/** How a command that runs NCCL checks NCCL's log afterwards: shared by the commands that use {@link NcclLogCheck}. */
final class LogCheckOptions {
    @Option(names = "--expect", paramLabel = "NETWORK", defaultValue = "auto",
            description = "The network NCCL's log must show: efa, ib or socket (a FAIL then exits 7), or auto (default: EFA "
                    + "when this node has EFA devices, else the one NCCL used; a FAIL is only reported).")
    String expect;
    @Option(names = "--no-log-check", description = "Do not capture NCCL's log (NCCL_DEBUG=INFO to a temporary file) nor judge it.")
    boolean off;

    Expectation expectation() {
        return expectation(expect);
    }

    /** An --expect value, checked; an unknown one is a {@link UsageException}. */
    static Expectation expectation(String expect) {
        try {
            return Expectation.of(expect, expect.equalsIgnoreCase("auto") ? EfaDevices.scan(EfaDevices.SYSFS).size() : 0);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Whether a FAIL verdict should fail the command: only for a network the user named. */
    boolean failsTheCommand() {
        return !expect.equalsIgnoreCase("auto");
    }
}
