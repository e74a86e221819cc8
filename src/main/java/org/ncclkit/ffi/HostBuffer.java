package org.ncclkit.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Page-aligned host memory that a NET plugin sends from or receives into ({@code NCCL_PTR_HOST}). */
public final class HostBuffer implements PluginMemory, AutoCloseable {
    private static final long PAGE = 4096;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;

    public HostBuffer(long bytes) {
        segment = arena.allocate(Math.max(bytes, 1), PAGE);
    }

    @Override
    public long address() {
        return segment.address();
    }

    @Override
    public long bytes() {
        return segment.byteSize();
    }

    @Override
    public int pointerType() {
        return NetPlugin.PTR_HOST;
    }

    public void write(byte[] bytes) {
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
    }

    public byte[] read(int bytes) {
        byte[] copy = new byte[bytes];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, 0, copy, 0, bytes);
        return copy;
    }

    @Override
    public void close() {
        arena.close();
    }
}
