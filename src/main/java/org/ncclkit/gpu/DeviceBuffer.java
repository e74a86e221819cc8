package org.ncclkit.gpu;

import org.ncclkit.ffi.CudaDriver;

/** A block of GPU memory on the current device; freed by {@link #close()}. */
public final class DeviceBuffer implements AutoCloseable {
    private final long address;
    private final long bytes;
    private boolean freed;

    private DeviceBuffer(long address, long bytes) {
        this.address = address;
        this.bytes = bytes;
    }

    /** Allocates on the device current on this thread. */
    public static DeviceBuffer allocate(long bytes) {
        return new DeviceBuffer(CudaDriver.malloc(bytes), bytes);
    }

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

    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            CudaDriver.free(address);
        }
    }
}
