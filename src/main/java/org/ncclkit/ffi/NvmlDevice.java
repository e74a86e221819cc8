package org.ncclkit.ffi;

import java.lang.foreign.MemorySegment;

/** An NVML device handle ({@code nvmlDevice_t}) and its NVML index; opaque outside {@code ffi}. */
public record NvmlDevice(int index, MemorySegment handle) {
}
