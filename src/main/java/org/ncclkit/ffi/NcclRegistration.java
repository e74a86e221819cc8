package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** A buffer registered with a communicator: an {@code ncclCommRegister} handle or an {@code ncclWindow_t}. */
public record NcclRegistration(NcclComm comm, MemorySegment handle, boolean window) {
}
