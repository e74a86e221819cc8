package org.ncclkit.expected;

import java.util.List;
import java.util.Objects;

import org.ncclkit.info.EfaDevice;
import org.ncclkit.info.GpuInfo;
import org.ncclkit.info.NodeInfo;

/** The {@link NodeHardware} of a node as {@code ncclkit info} saw it: its GPUs, NVLinks up and EFA devices with their rates. */
public final class LocalHardware {
    private LocalHardware() {
    }

    /** Thrown when the node has nothing to model (no GPU); the message says what was missing. */
    public static final class NoHardwareException extends RuntimeException {
        NoHardwareException(String message) {
            super(message);
        }
    }

    /**
     * The node's hardware. The GPU links are those of the GPU with the fewest NVLinks up (a ring runs at its slowest
     * link); the network is the EFA devices whose rate sysfs gives, at their mean rate.
     */
    public static NodeHardware from(NodeInfo info) {
        if (!info.hasGpu() || info.gpus().isEmpty()) {
            throw new NoHardwareException("no GPU on " + info.hostname() + " ("
                    + Objects.requireNonNullElse(info.gpuProblem(), "none found") + ")");
        }
        GpuInfo weakest = info.gpus().stream()
                .min((a, b) -> Integer.compare(linksOf(a), linksOf(b))).orElseThrow();
        GpuLinks links = GpuLinks.of(weakest.computeCapability(), weakest.nvlinksUp());
        List<Double> rates = info.efaDevices().stream().map(EfaDevice::rateGbps).filter(Objects::nonNull).toList();
        double meanRate = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new NodeHardware("this node (" + info.hostname() + ")", weakest.name(), info.gpus().size(), rates.size(),
                meanRate, links.kind(), links.links(), links.perLinkGBps(), links.nvlsCapable());
    }

    private static int linksOf(GpuInfo gpu) {
        return gpu.nvlinksUp() == null ? 0 : gpu.nvlinksUp();
    }
}
