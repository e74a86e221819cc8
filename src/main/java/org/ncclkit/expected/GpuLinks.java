package org.ncclkit.expected;

/**
 * The GPU-to-GPU link of a GPU generation, by CUDA compute capability: NVLink per-link rate per direction where the GPU
 * has NVLinks up, else its PCIe x16 rate. The rates are NVIDIA's line rates (A100 12 x 25 GB/s = 300, H100/H200
 * 18 x 25 = 450, B200/B300 18 x 50 = 900 GB/s per direction).
 */
record GpuLinks(String kind, int links, double perLinkGBps, boolean nvlsCapable) {
    /** NVSwitch systems give every GPU all its links (18 on Hopper and Blackwell); NVLS needs the switch. */
    private static final int NVSWITCH_LINKS = 18;

    static GpuLinks of(String computeCapability, Integer nvlinksUp) {
        int major = major(computeCapability);
        if (nvlinksUp != null && nvlinksUp > 0) {
            return switch (major) {
                case 7 -> new GpuLinks("NVLink2", nvlinksUp, 25, false);
                case 8 -> new GpuLinks("NVLink3", nvlinksUp, 25, false);
                case 9 -> new GpuLinks("NVLink4", nvlinksUp, 25, nvlinksUp >= NVSWITCH_LINKS);
                default -> new GpuLinks("NVLink5", nvlinksUp, 50, major >= 10 && nvlinksUp >= NVSWITCH_LINKS);
            };
        }
        // no NVLink: peers talk over PCIe x16 (Gen5 from Hopper on, Gen4 before), raw rate per direction
        return major >= 9 ? new GpuLinks("PCIe Gen5 x16", 1, 63, false) : new GpuLinks("PCIe Gen4 x16", 1, 31.5, false);
    }

    private static int major(String computeCapability) {
        try {
            return Integer.parseInt(computeCapability.substring(0, computeCapability.indexOf('.')));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
