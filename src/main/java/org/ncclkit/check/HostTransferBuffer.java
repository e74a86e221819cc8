package org.ncclkit.check;

import org.ncclkit.ffi.HostBuffer;
import org.ncclkit.ffi.PluginMemory;

/** A message buffer in page-aligned host memory. */
final class HostTransferBuffer implements TransferBuffer {
    private final HostBuffer buffer;

    HostTransferBuffer(long bytes) {
        buffer = new HostBuffer(bytes);
    }

    @Override
    public PluginMemory memory() {
        return buffer;
    }

    @Override
    public void write(byte[] bytes) {
        buffer.write(bytes);
    }

    @Override
    public byte[] read(int bytes) {
        return buffer.read(bytes);
    }

    @Override
    public void close() {
        buffer.close();
    }
}
