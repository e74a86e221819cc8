package org.ncclkit.logs;

import java.util.List;

/**
 * One thing wrong in a log: what, and the one thing to do about it.
 *
 * @param processes the processes it concerns ({@code host:pid}), empty when it concerns the whole log
 */
public record Problem(Severity severity, Check check, String reason, String remediation, List<String> processes) {
    public enum Severity {
        /** The run did not prove the expected network: the verdict is FAIL. */
        FAIL,
        /** Worth fixing, but the network worked as expected. */
        WARN
    }

    /** The verdict rules, one per kind of problem. */
    public enum Check {
        NO_NCCL_LINES, NO_INFO_LINES, INIT_FAILED, PLUGIN_TEST_FAILED, NO_NETWORK_LINE, MIXED_NETWORKS, WRONG_NETWORK,
        PROVIDER_NOT_EFA, NO_GDRDMA, PLUGIN_NOT_FOUND, MIXED_NCCL_VERSIONS, TRANSFER_ERRORS, TOO_MANY_PROCESSES
    }
}
