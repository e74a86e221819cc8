package org.ncclkit.logs;

import java.util.List;
import java.util.Map;

/**
 * What the log says about one process: NCCL and plugin versions, how the NET plugin was loaded, the network and
 * provider it used, its channel transports, and what went wrong. A process is {@code host:pid}; lines that name no
 * process (grep excerpts, the plugin's functional tests) are gathered in one whose {@link #host()} is null.
 *
 * @param id                  {@code host:pid}, or the launcher's label, or {@code (no host prefix)}
 * @param ranks               the ranks of the communicators it completed, from {@code ... rank 3 nranks 16 ... Init COMPLETE}
 * @param initCompleted       how many {@code Init COMPLETE} lines it wrote
 * @param networks            the networks it named in {@code Using network X} lines
 * @param channelNetworks     the networks its {@code via NET/X/...} channel lines name
 * @param network             its network as far as the log tells: the above, else inferred ({@link #networkEvidence()})
 * @param transports          channel connections per kind ({@code P2P/CUMEM}, {@code SHM}, {@code NET/Libfabric})
 * @param netLinks            NET connections, of which {@code gdrdmaLinks} end in {@code /GDRDMA}
 * @param pluginRequested     the value of NCCL_NET_PLUGIN as NCCL echoed it, or null
 * @param ofiProblems         aws-ofi-nccl lines that explain a missing or degraded EFA path
 * @param gdrDisabledByPlugin aws-ofi-nccl said it turned GPUDirect RDMA off
 * @param ibDevices           what {@code NET/IB : Using ...} listed, or null
 * @param ibNoDevice          NCCL wrote {@code NET/IB : No device found.}
 * @param verbsMissing        NCCL could not open libibverbs
 * @param environment         the variables NCCL said were {@code set by environment}
 * @param warnings            its first NCCL WARN lines, of {@code warningCount}
 * @param errorsBeforeInit    its first error returns ({@code file:line -> N}) before its first Init COMPLETE, of
 *                            {@code errorsBeforeInitCount}
 * @param errorsAfterInit     likewise after it, of {@code errorsAfterInitCount} (often harmless, at abort or teardown)
 * @param pluginTestResults   the aws-ofi-nccl functional test's {@code Results: n/m passed}, or null
 * @param pluginTestCompletions the functional test's {@code Got completions for ...} lines
 * @param transferErrors      aws-ofi-nccl's {@code NET/OFI Request ... completed with error} warnings: transfers the
 *                            network failed, of which {@code firstTransferError} is the first
 */
public record ProcessSummary(String id, String host, Long pid, String label, List<String> ncclVersions, List<Integer> ranks,
                             int initCompleted, List<String> networks, List<String> channelNetworks, List<String> network,
                             String networkEvidence, Map<String, Integer> transports, int netLinks, int gdrdmaLinks,
                             List<PluginEvent> plugin, String pluginRequested, String ofiPluginVersion, String libfabricVersion,
                             String platform, List<OfiProvider> providers, List<String> ofiProblems, boolean gdrDisabledByPlugin,
                             String ibDevices, boolean ibNoDevice, boolean verbsMissing, String socketInterfaces,
                             Map<String, String> environment, List<ErrorTrace> warnings, int warningCount,
                             List<ErrorTrace> errorsBeforeInit, int errorsBeforeInitCount, List<ErrorTrace> errorsAfterInit,
                             int errorsAfterInitCount, String pluginTestResults, int pluginTestCompletions,
                             int transferErrors, String firstTransferError) {

    public boolean attributed() {
        return host != null;
    }

    /** Did NCCL stop before this process finished a communicator? (WARN or error returns and no Init COMPLETE.) */
    public boolean initFailed() {
        return initCompleted == 0 && (warningCount > 0 || errorsBeforeInitCount > 0);
    }

    public boolean pluginNotFound() {
        return plugin.stream().anyMatch(e -> e.kind() == PluginEvent.Kind.NOT_FOUND);
    }

    public boolean pluginLoaded() {
        return plugin.stream().anyMatch(e -> e.kind() == PluginEvent.Kind.LOADED) || ofiPluginVersion != null || !providers.isEmpty();
    }

    /** The kinds of {@link #network()}. */
    public List<NetworkKind> networkKinds() {
        return network.stream().map(NetworkKind::of).distinct().toList();
    }

    /** The first WARN, else the first error return before init: what stopped NCCL. */
    public ErrorTrace firstError() {
        if (!warnings.isEmpty()) {
            return warnings.getFirst();
        }
        return errorsBeforeInit.isEmpty() ? null : errorsBeforeInit.getFirst();
    }
}
