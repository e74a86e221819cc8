package org.ncclkit.info;

import java.util.List;
import java.util.Map;

/**
 * What a node has for NCCL work: GPUs, driver, CUDA, NCCL, NET plugins, EFA, libfabric, MPI and the NCCL/libfabric
 * environment. {@code gpuProblem} is null when at least one GPU is usable, else the reason there is none;
 * {@code netPluginVersions} maps each of {@code netPlugins} to its version ({@link NetPluginVersion}).
 */
public record NodeInfo(String hostname, String driverVersion, String cudaVersion, List<GpuInfo> gpus,
                       String gpuProblem, List<LibraryStatus> libraries, List<String> netPlugins,
                       Map<String, String> netPluginVersions, List<EfaDevice> efaDevices, String mpirun,
                       Map<String, String> environment) {

    public NodeInfo {
        netPluginVersions = netPluginVersions == null ? Map.of() : netPluginVersions; // absent from older documents
    }

    public boolean hasGpu() {
        return gpuProblem == null;
    }
}
