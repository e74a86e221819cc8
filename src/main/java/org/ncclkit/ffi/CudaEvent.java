package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** A CUDA event ({@code CUevent}); opaque outside {@code ffi}. */
public record CudaEvent(MemorySegment handle) {
}
