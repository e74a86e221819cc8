package org.ncclkit.ffi;

import java.util.List;

/**
 * What to look for when locating one native library: its file names (sonames first), the variable that names it
 * explicitly, and the variables whose {@code lib}/{@code lib64} folders may hold it.
 */
public record LibrarySpec(String displayName, List<String> fileNames, String overrideVariable,
                          List<String> homeVariables) {

    public static final LibrarySpec NCCL = new LibrarySpec("NCCL", List.of("libnccl.so.2", "libnccl.so"),
            "NCCLKIT_NCCL", List.of("NCCL_HOME", "CUDA_HOME"));
    public static final LibrarySpec CUDA = new LibrarySpec("CUDA driver", List.of("libcuda.so.1"),
            "NCCLKIT_CUDA", List.of());
    public static final LibrarySpec NVML = new LibrarySpec("NVML", List.of("libnvidia-ml.so.1"),
            "NCCLKIT_NVML", List.of());
    public static final LibrarySpec LIBFABRIC = new LibrarySpec("libfabric", List.of("libfabric.so.1"),
            "NCCLKIT_LIBFABRIC", List.of("LIBFABRIC_HOME"));
}
