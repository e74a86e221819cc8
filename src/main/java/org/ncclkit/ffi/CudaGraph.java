package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** A captured CUDA graph ({@code CUgraph}) and, once instantiated, its {@code CUgraphExec} (else NULL); opaque outside {@code ffi}. */
public record CudaGraph(MemorySegment graph, MemorySegment executable) {
}
