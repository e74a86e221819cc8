package org.ncclkit.info;

/** One GPU as {@code info} shows it; {@code nvlinksUp} is null where NVML cannot tell. */
public record GpuInfo(int index, String name, String pciBusId, long memoryBytes, String computeCapability,
                      Integer nvlinksUp) {
}
