package org.ncclkit.info;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.ffi.Nccl;

/**
 * The GPU models and the NCCL version that a run's fingerprint names, for commands whose report does not carry them
 * (check, validate): each distinct value joined with commas; what cannot be read is {@code none}.
 */
public record RunSetup(String gpuModels, String nccl) {
    private static final String NONE = "none";

    /**
     * This node's CUDA devices and NCCL, read cheaply enough for the end of a run (no NVML, no child process) and never
     * failing: a node without a driver or NCCL reads {@code none}.
     */
    public static RunSetup probe() {
        return new RunSetup(gpuModelsHere(), ncclHere());
    }

    /** From nodes' inventories ({@code ncclkit info}), as validate gathers them. */
    public static RunSetup of(List<NodeInfo> nodes) {
        String gpus = joined(nodes.stream().flatMap(n -> n.gpus().stream()).map(GpuInfo::name).toList());
        String nccl = joined(nodes.stream().flatMap(n -> n.libraries().stream())
                .filter(l -> l.name().equals(LibrarySpec.NCCL.displayName()) && l.present()).map(LibraryStatus::version).toList());
        return new RunSetup(gpus, nccl);
    }

    private static String gpuModelsHere() {
        if (Libraries.find(LibrarySpec.CUDA).isEmpty()) {
            return NONE;
        }
        try {
            CudaDriver.init();
            return joined(IntStream.range(0, CudaDriver.deviceCount()).mapToObj(CudaDriver::deviceName).toList());
        } catch (RuntimeException e) {
            return NONE; // a driver without a usable GPU
        }
    }

    private static String ncclHere() {
        if (Libraries.find(LibrarySpec.NCCL).isEmpty()) {
            return NONE;
        }
        try {
            return Versions.nccl(Nccl.version());
        } catch (RuntimeException e) {
            return NONE;
        }
    }

    private static String joined(List<String> values) {
        String distinct = values.stream().filter(Objects::nonNull).distinct().collect(Collectors.joining(","));
        return distinct.isEmpty() ? NONE : distinct;
    }
}
