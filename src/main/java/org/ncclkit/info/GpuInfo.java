package org.ncclkit.info;

/**
 * One GPU as {@code info} shows it. {@code nvlinksUp}, {@code eccUncorrected} (aggregate uncorrected ECC errors since
 * the driver loaded) and {@code persistenceMode} are null where NVML cannot tell.
 */
public record GpuInfo(int index, String name, String pciBusId, long memoryBytes, String computeCapability,
                      Integer nvlinksUp, Long eccUncorrected, Boolean persistenceMode) {
}
