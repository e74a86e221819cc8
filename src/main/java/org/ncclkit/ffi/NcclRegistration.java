package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A buffer registered with a communicator: an {@code ncclCommRegister} handle or an {@code ncclWindow_t}. The handle
 * lives in native memory as long as this object: inside a group, NCCL writes a window's handle only at
 * {@code ncclGroupEnd}, after {@code ncclCommWindowRegister} has returned (a cell freed on return was overwritten then,
 * and the run crashed in libcuda).
 */
public final class NcclRegistration {
    private final NcclComm comm;
    private final boolean window;
    private final MemorySegment cell = Arena.ofAuto().allocate(ADDRESS);

    NcclRegistration(NcclComm comm, boolean window) {
        this.comm = comm;
        this.window = window;
    }

    public NcclComm comm() {
        return comm;
    }

    /** Whether {@code ncclCommWindowRegister} made it. */
    public boolean window() {
        return window;
    }

    /** Where NCCL writes the handle. */
    MemorySegment cell() {
        return cell;
    }

    /** The handle NCCL wrote; for a window registered in a group, valid once the group has ended. */
    MemorySegment handle() {
        return cell.get(ADDRESS, 0);
    }
}
