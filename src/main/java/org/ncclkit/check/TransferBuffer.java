package org.ncclkit.check;

import org.ncclkit.ffi.PluginMemory;

/** One message buffer of the transfer test, in host or GPU memory: registered with the plugin, written and read back. */
interface TransferBuffer extends AutoCloseable {
    /** The memory the plugin registers and moves data in. */
    PluginMemory memory();

    /** Writes {@code bytes} at the start of the buffer. */
    void write(byte[] bytes);

    /** The first {@code bytes} bytes of the buffer. */
    byte[] read(int bytes);

    @Override
    void close();
}
