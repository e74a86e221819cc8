package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** A CUDA stream ({@code CUstream}); opaque outside {@code ffi}. */
public record CudaStream(MemorySegment handle) {
}
