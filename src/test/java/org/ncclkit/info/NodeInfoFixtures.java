package org.ncclkit.info;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hand-built {@link NodeInfo}s: a p5-like node with GPUs, and a node without a driver like this build machine. */
final class NodeInfoFixtures {
    static final String NO_DRIVER = "no NVIDIA driver (libcuda.so.1 not found)";
    static final String NCCL_MISSING = "libnccl.so.2 not found (searched: NCCLKIT_NCCL (unset), LD_LIBRARY_PATH, "
            + "ldconfig cache, standard directories, Python site-packages/nvidia/*/lib); set NCCLKIT_NCCL to its path";

    private NodeInfoFixtures() {
    }

    static NodeInfo withGpus() {
        Map<String, String> environment = new TreeMap<>(Map.of("FI_PROVIDER", "efa", "NCCL_DEBUG", "INFO"));
        return new NodeInfo("gpu-node-1", "580.65.06", "13.0",
                List.of(new GpuInfo(0, "NVIDIA H100 80GB HBM3", "0000:53:00.0", 85_520_809_984L, "9.0", 18, 0L, true),
                        new GpuInfo(1, "NVIDIA H100 80GB HBM3", "0000:64:00.0", 80L << 30, "9.0", null, null, null)),
                null,
                List.of(LibraryStatus.found("CUDA driver", "/usr/lib/x86_64-linux-gnu/libcuda.so.1",
                                "from the ldconfig cache", "13.0"),
                        LibraryStatus.found("NCCL", "/opt/nccl/lib/libnccl.so.2", "from NCCL_HOME=/opt/nccl", "2.28.9"),
                        LibraryStatus.missing("libfabric", "libfabric.so.1 not found; set NCCLKIT_LIBFABRIC to its path")),
                List.of("/opt/amazon/ofi-nccl/lib/libnccl-net.so", "/opt/amazon/ofi-nccl/lib/libnccl-net-ofi.so"),
                Map.of("/opt/amazon/ofi-nccl/lib/libnccl-net.so", "aws-ofi-nccl 1.16.3",
                        "/opt/amazon/ofi-nccl/lib/libnccl-net-ofi.so", "aws-ofi-nccl 1.16.3"),
                List.of(new EfaDevice("rdmap0s31", "ACTIVE", 100.0), new EfaDevice("rdmap16s27", "DOWN", 100.0)),
                "mpirun (Open MPI) 4.1.7 (/opt/amazon/openmpi/bin/mpirun)",
                environment);
    }

    static NodeInfo withoutDriver() {
        return new NodeInfo("build-box", null, null, List.of(), NO_DRIVER,
                List.of(LibraryStatus.missing("CUDA driver", "libcuda.so.1 not found"),
                        LibraryStatus.missing("NCCL", NCCL_MISSING)),
                List.of(), Map.of(), List.of(), null, Map.of());
    }
}
