package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** A CUDA stream ({@code CUstream}); opaque outside {@code ffi}. */
public record CudaStream(MemorySegment handle) {

    /** The legacy default stream (the null handle), which nccl-tests' {@code -y 1} runs on. */
    public static CudaStream legacyDefault() {
        return new CudaStream(MemorySegment.NULL);
    }

    /** Whether this is the legacy default stream, which is not created and must not be destroyed. */
    public boolean isLegacyDefault() {
        return handle.address() == 0;
    }
}
