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

    /** A document read back may lack a list (older versions of info, a hand-written file): it reads as empty. */
    public NodeInfo {
        gpus = gpus == null ? List.of() : gpus;
        libraries = libraries == null ? List.of() : libraries;
        netPlugins = netPlugins == null ? List.of() : netPlugins;
        netPluginVersions = netPluginVersions == null ? Map.of() : netPluginVersions;
        efaDevices = efaDevices == null ? List.of() : efaDevices;
        environment = environment == null ? Map.of() : environment;
    }

    public boolean hasGpu() {
        return gpuProblem == null;
    }
}
