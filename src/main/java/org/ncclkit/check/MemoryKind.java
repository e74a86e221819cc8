package org.ncclkit.check;

import java.util.List;
import java.util.function.LongFunction;

import org.ncclkit.ffi.NetPlugin;

/** Where the check's buffers live: host memory ({@code NCCL_PTR_HOST}) or GPU memory ({@code NCCL_PTR_CUDA}). */
public enum MemoryKind {
    HOST("host", NetPlugin.PTR_HOST, false, HostTransferBuffer::new),
    /** Flushed after receiving: NCCL calls iflush after a GPUDirect receive, and so does aws-ofi-nccl's test. */
    CUDA("CUDA", NetPlugin.PTR_CUDA, true, DeviceTransferBuffer::new);

    private final String name;
    private final int pointerType;
    private final boolean flushesReceives;
    private final LongFunction<TransferBuffer> allocator;

    MemoryKind(String name, int pointerType, boolean flushesReceives, LongFunction<TransferBuffer> allocator) {
        this.name = name;
        this.pointerType = pointerType;
        this.flushesReceives = flushesReceives;
        this.allocator = allocator;
    }

    /** The NCCL_PTR_* bit a plugin device's ptrSupport has when it takes this memory. */
    public int pointerType() {
        return pointerType;
    }

    /** Whether received buffers are flushed (iflush) before they are read. */
    boolean flushesReceives() {
        return flushesReceives;
    }

    /** A buffer of this kind; CUDA buffers go on the device current on this thread. */
    TransferBuffer allocate(long bytes) {
        return allocator.apply(bytes);
    }

    /** "host memory", "host memory and CUDA memory". */
    public static String describe(List<MemoryKind> kinds) {
        return String.join(" and ", kinds.stream().map(MemoryKind::toString).toList());
    }

    /** "host memory", "CUDA memory". */
    @Override
    public String toString() {
        return name + " memory";
    }
}
