package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** A captured and instantiated CUDA graph ({@code CUgraph} and its {@code CUgraphExec}); opaque outside {@code ffi}. */
public record CudaGraph(MemorySegment graph, MemorySegment executable) {
}
