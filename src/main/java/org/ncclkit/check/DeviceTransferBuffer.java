package org.ncclkit.check;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.PluginMemory;
import org.ncclkit.gpu.DeviceBuffer;

/** A message buffer in GPU memory on the current device, written and read through host staging copies (cuMemcpy). */
final class DeviceTransferBuffer implements TransferBuffer {
    private final DeviceBuffer buffer;

    DeviceTransferBuffer(long bytes) {
        buffer = DeviceBuffer.allocate(bytes);
    }

    @Override
    public PluginMemory memory() {
        return buffer;
    }

    @Override
    public void write(byte[] bytes) {
        CudaDriver.copyToDevice(buffer.address(), bytes);
    }

    @Override
    public byte[] read(int bytes) {
        return CudaDriver.copyFromDevice(buffer.address(), bytes);
    }

    @Override
    public void close() {
        buffer.close();
    }
}
