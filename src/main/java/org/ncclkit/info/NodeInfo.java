package org.ncclkit.info;

import java.util.List;
import java.util.Map;

/**
 * What a node has for NCCL work: GPUs, driver, CUDA, NCCL, NET plugins, EFA, libfabric, MPI and the NCCL/libfabric
 * environment. {@code gpuProblem} is null when at least one GPU is usable, else the reason there is none.
 */
public record NodeInfo(String hostname, String driverVersion, String cudaVersion, List<GpuInfo> gpus,
                       String gpuProblem, List<LibraryStatus> libraries, List<String> netPlugins,
                       List<EfaDevice> efaDevices, String mpirun, Map<String, String> environment) {

    public boolean hasGpu() {
        return gpuProblem == null;
    }
}
