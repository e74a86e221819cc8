package org.ncclkit.logs;

import java.util.List;

/**
 * What one NCCL debug log holds, process by process.
 *
 * @param lines        lines read
 * @param ncclLines    lines NCCL or its NET plugin wrote
 * @param infoLines    of those, INFO lines: none means NCCL_DEBUG was not INFO
 * @param ncclVersions every NCCL version the log names
 * @param linesOfFurtherProcesses NCCL lines of processes past the first {@link NcclLogParser#MAX_PROCESSES}, judged
 *                     together as one group
 */
public record LogSummary(long lines, long ncclLines, long infoLines, List<String> ncclVersions, List<ProcessSummary> processes,
                         long linesOfFurtherProcesses) {
    /** The processes NCCL named ({@code host:pid}), without the group of unattributed lines. */
    public List<ProcessSummary> attributedProcesses() {
        return processes.stream().filter(ProcessSummary::attributed).toList();
    }

    public List<String> hosts() {
        return attributedProcesses().stream().map(ProcessSummary::host).distinct().sorted().toList();
    }
}
