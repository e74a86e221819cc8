package org.ncclkit.bench;

/**
 * nccl-tests' cap on the largest size ({@code run()} in {@code src/common.cu}): of the smallest GPU's memory, keep
 * 1 GiB per 16 GiB (at most 4 GiB) and 1 GiB more for NCCL, and share the rest among the send, receive and (when
 * checking) expected buffers. Above that, the sweep stops at the cap and says so.
 */
public final class MemoryLimit {
    private static final long GIB = 1L << 30;

    private MemoryLimit() {
    }

    /** The largest size the buffers may have on GPUs of {@code smallestGpuBytes}. */
    public static long maxBytes(long smallestGpuBytes, boolean checking) {
        long reserve = Math.min(Math.ceilDiv(smallestGpuBytes, 16 * GIB) * GIB, 4 * GIB);
        return Math.max(0, smallestGpuBytes - reserve - GIB) / (checking ? 3 : 2);
    }

    /** The line nccl-tests prints below the device list when it lowers {@code -e}. */
    public static String reducedLine(long maxBytes) {
        return "#\n# Reducing maxBytes to " + maxBytes + " due to memory limitation\n";
    }
}
