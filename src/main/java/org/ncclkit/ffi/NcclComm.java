package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** An NCCL communicator ({@code ncclComm_t}); opaque outside {@code ffi}. */
public record NcclComm(MemorySegment handle) {
}
