package org.ncclkit.results;

import java.util.List;
import java.util.Map;

/**
 * What a results file says about the run besides its rows: the tool and its version line, NCCL's version as printed,
 * the ranks and their GPUs, the command line and the environment (JSON only; empty where unknown).
 */
public record RunFacts(String tool, String toolVersion, String ncclVersion, List<RankDevice> devices, String command,
                       Map<String, String> environment, String startTime) {

    /** The distinct host names of the ranks, in rank order. */
    public List<String> hosts() {
        return devices.stream().map(RankDevice::host).distinct().toList();
    }

    /** The distinct GPU models of the ranks. */
    public List<String> gpuModels() {
        return devices.stream().map(RankDevice::gpuName).distinct().toList();
    }
}
