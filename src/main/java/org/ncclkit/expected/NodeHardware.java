package org.ncclkit.expected;

/**
 * What one node has for collectives: its GPUs, its network (NICs x link rate, per direction) and the GPU-to-GPU links
 * of each GPU (NVLink links x per-link rate per direction, or one PCIe link). {@code origin} says where the figures come
 * from: an instance type of the table, or what was read on the node.
 */
public record NodeHardware(String origin, String gpuModel, int gpus, int nics, double nicGbps, String gpuLinkKind,
                           int gpuLinks, double gpuLinkGBps, boolean nvlsCapable) {

    public NodeHardware {
        if (gpus < 1 || nics < 0 || nicGbps < 0 || gpuLinks < 0 || gpuLinkGBps < 0) {
            throw new IllegalArgumentException("impossible node: " + gpus + " GPUs, " + nics + " NICs of " + nicGbps
                    + " Gb/s, " + gpuLinks + " GPU links of " + gpuLinkGBps + " GB/s");
        }
    }

    /** The node's network bandwidth in GB/s, one direction. */
    public double networkGBps() {
        return nics * nicGbps / 8;
    }

    /** One GPU's bandwidth to the other GPUs of its node in GB/s, one direction. */
    public double gpuLinkTotalGBps() {
        return gpuLinks * gpuLinkGBps;
    }

    /** The same node with other NICs, for what sysfs cannot tell (an InfiniBand fabric, a rate the user knows). */
    public NodeHardware withNics(int count, double gbps) {
        return new NodeHardware(origin, gpuModel, gpus, count, gbps, gpuLinkKind, gpuLinks, gpuLinkGBps, nvlsCapable);
    }
}
