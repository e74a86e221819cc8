package org.ncclkit.ffi;

/** Memory a NET plugin registers, sends from and receives into: where it starts, its size, and its NCCL_PTR_* type. */
public interface PluginMemory {
    /** The start address, in the host's or the GPU's address space as {@link #pointerType()} says. */
    long address();

    long bytes();

    /** {@link NetPlugin#PTR_HOST} or {@link NetPlugin#PTR_CUDA}. */
    int pointerType();
}
