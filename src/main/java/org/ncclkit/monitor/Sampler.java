package org.ncclkit.monitor;

import java.util.List;

/** Where readings come from: NVML on this node, or a recording played back. */
public interface Sampler extends AutoCloseable {
    /** One reading of every GPU; an empty list once a recording has run out. */
    List<GpuSample> sample();

    /** Whether there will be no more readings (a recording at its end). */
    default boolean finished() {
        return false;
    }

    @Override
    default void close() {
    }
}
