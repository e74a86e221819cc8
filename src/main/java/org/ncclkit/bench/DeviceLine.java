package org.ncclkit.bench;

/** One rank's line under {@code # Using devices}: who runs where, on which GPU. */
public record DeviceLine(int rank, int group, long pid, String hostname, int device, String pciBusId, String gpuName) {
}
