package org.ncclkit.info;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders {@link NodeInfo} as the text {@code ncclkit info} prints. */
public final class InfoText {
    private InfoText() {
    }

    public static String render(NodeInfo info) {
        StringBuilder out = new StringBuilder();
        out.append("Host          ").append(info.hostname()).append('\n');
        out.append("Driver        ").append(orNone(info.driverVersion()))
                .append("   CUDA ").append(orNone(info.cudaVersion())).append('\n');
        if (info.hasGpu()) {
            out.append("GPUs          ").append(info.gpus().size()).append('\n');
            for (GpuInfo gpu : info.gpus()) {
                out.append(String.format(Locale.ROOT,
                        "  %-3d %-28s %-14s %7.1f GiB  sm_%s  NVLinks up: %s  ECC uncorrected: %s  persistence: %s%n",
                        gpu.index(), gpu.name(), gpu.pciBusId(), gpu.memoryBytes() / (double) (1L << 30),
                        gpu.computeCapability().replace(".", ""), orNa(gpu.nvlinksUp()), orNa(gpu.eccUncorrected()),
                        gpu.persistenceMode() == null ? "n/a" : gpu.persistenceMode() ? "on" : "off"));
            }
        } else {
            out.append("GPUs          ").append(info.gpuProblem()).append('\n');
        }
        out.append("Libraries\n");
        for (LibraryStatus library : info.libraries()) {
            if (library.present()) {
                out.append(String.format(Locale.ROOT, "  %-12s %-10s %s (%s)%n", library.name(), library.version(),
                        library.path(), library.reason()));
            } else {
                out.append(String.format(Locale.ROOT, "  %-12s %s%n", library.name(), library.error()));
            }
        }
        out.append("NET plugins   ").append(info.netPlugins().isEmpty()
                ? "none found (NCCL will use its built-in IB or Socket transport)"
                : info.netPlugins().stream().map(p -> plugin(info, p)).collect(Collectors.joining("\n              ")))
                .append('\n');
        out.append("EFA devices   ").append(info.efaDevices().isEmpty() ? "none"
                : info.efaDevices().stream().map(InfoText::efaDevice).collect(Collectors.joining(", ")))
                .append('\n');
        out.append("MPI           ").append(info.mpirun() == null ? "mpirun not found" : info.mpirun()).append('\n');
        out.append("Environment   ").append(info.environment().isEmpty() ? "no NCCL_*, FI_* or NCCLKIT_* variables set"
                : info.environment().entrySet().stream().map(InfoText::assignment)
                        .collect(Collectors.joining("\n              "))).append('\n');
        return out.toString();
    }

    private static String plugin(NodeInfo info, String path) {
        String version = info.netPluginVersions().get(path);
        return version == null ? path : path + " (" + version + ")";
    }

    private static String orNa(Object value) {
        return value == null ? "n/a" : value.toString();
    }

    private static String efaDevice(EfaDevice device) {
        return device.name() + " (" + device.state()
                + (device.rateGbps() == null ? "" : String.format(Locale.ROOT, ", %.0f Gb/s", device.rateGbps())) + ")";
    }

    private static String assignment(Map.Entry<String, String> e) {
        return e.getKey() + "=" + e.getValue();
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
