package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** A kernel loaded from a module ({@code CUfunction}); opaque outside {@code ffi}. */
public record CudaFunction(String name, MemorySegment handle) {
}
