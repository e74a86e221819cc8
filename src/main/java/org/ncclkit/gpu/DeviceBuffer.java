package org.ncclkit.gpu;

import java.util.function.LongConsumer;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.NetPlugin;
import org.ncclkit.ffi.PluginMemory;

/** A block of GPU memory on the current device; freed by {@link #close()} with the allocator that made it. */
public final class DeviceBuffer implements PluginMemory, AutoCloseable {
    private final long address;
    private final long bytes;
    private final LongConsumer free;
    private boolean freed;

    private DeviceBuffer(long address, long bytes, LongConsumer free) {
        this.address = address;
        this.bytes = bytes;
        this.free = free;
    }

    /** Allocates with {@code cuMemAlloc} on the device current on this thread. */
    public static DeviceBuffer allocate(long bytes) {
        return new DeviceBuffer(CudaDriver.malloc(bytes), bytes, CudaDriver::free);
    }

    /**
     * Allocates with {@code ncclMemAlloc} where NCCL has it (2.19+), as nccl-tests does for its send and receive
     * buffers, else with {@code cuMemAlloc}.
     */
    public static DeviceBuffer allocateForNccl(long bytes) {
        return Nccl.hasMemAlloc() ? new DeviceBuffer(Nccl.memAlloc(bytes), bytes, Nccl::memFree) : allocate(bytes);
    }

    @Override
    public long address() {
        return address;
    }

    /** The address {@code offsetBytes} into the buffer. */
    public long at(long offsetBytes) {
        if (offsetBytes < 0 || offsetBytes > bytes) {
            throw new IndexOutOfBoundsException("offset " + offsetBytes + " outside a buffer of " + bytes + " bytes");
        }
        return address + offsetBytes;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    /** GPU memory as a NET plugin registers it: {@code NCCL_PTR_CUDA}. */
    @Override
    public int pointerType() {
        return NetPlugin.PTR_CUDA;
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            free.accept(address);
        }
    }
}
