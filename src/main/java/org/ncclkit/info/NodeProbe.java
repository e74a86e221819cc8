package org.ncclkit.info;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.Libfabric;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibraryLocation;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.ffi.NativeException;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.Nvml;
import org.ncclkit.ffi.NvmlDevice;

/** Gathers {@link NodeInfo} for the node it runs on, never failing: what cannot be read is reported as missing. */
public final class NodeProbe {
    private static final List<String> MPIRUN_PREFERRED = List.of("/opt/amazon/openmpi/bin/mpirun");
    private static final List<String> PLUGIN_DIRECTORIES = List.of("/opt/amazon/ofi-nccl/lib", "/opt/amazon/ofi-nccl/lib64",
            "/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib64");

    private NodeProbe() {
    }

    public static NodeInfo probe() {
        List<LibraryStatus> libraries = new ArrayList<>();
        LibraryStatus cuda = library(LibrarySpec.CUDA, () -> Versions.cuda(CudaDriver.driverVersion()));
        LibraryStatus nvml = library(LibrarySpec.NVML, () -> { Nvml.init(); return Nvml.driverVersion(); });
        LibraryStatus nccl = library(LibrarySpec.NCCL, () -> Versions.nccl(Nccl.version()));
        LibraryStatus libfabric = library(LibrarySpec.LIBFABRIC, Libfabric::version);
        libraries.add(cuda);
        libraries.add(nvml);
        libraries.add(nccl);
        libraries.add(libfabric);

        List<GpuInfo> gpus = new ArrayList<>();
        String gpuProblem = cuda.present() ? readGpus(gpus, nvml.present())
                : "no NVIDIA driver (" + LibrarySpec.CUDA.fileNames().getFirst() + " not found)";
        List<Path> pluginDirectories = new ArrayList<>();
        String ldLibraryPath = System.getenv("LD_LIBRARY_PATH");
        if (ldLibraryPath != null) {
            Stream.of(ldLibraryPath.split(":")).filter(s -> !s.isBlank()).map(Path::of).forEach(pluginDirectories::add);
        }
        if (nccl.present()) {
            pluginDirectories.add(Path.of(nccl.path()).getParent());
        }
        PLUGIN_DIRECTORIES.stream().map(Path::of).forEach(pluginDirectories::add);

        List<String> plugins = NetPlugins.find(pluginDirectories);
        Map<String, String> pluginVersions = new TreeMap<>();
        plugins.forEach(plugin -> pluginVersions.put(plugin, NetPluginVersion.of(Path.of(plugin))));
        return new NodeInfo(Hostname.get(), nvml.present() ? nvml.version() : null,
                cuda.present() ? cuda.version() : null, gpus, gpuProblem, libraries, plugins, pluginVersions,
                EfaDevices.scan(EfaDevices.SYSFS), mpirunVersion(), networkEnvironment(System.getenv()));
    }

    /** The variables that steer NCCL and libfabric: {@code NCCL_*}, {@code FI_*}, and {@code NCCLKIT_*}. */
    static Map<String, String> networkEnvironment(Map<String, String> environment) {
        Map<String, String> selected = new TreeMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith("NCCL_") || key.startsWith("FI_") || key.startsWith("NCCLKIT_")) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    private static String readGpus(List<GpuInfo> gpus, boolean nvmlPresent) {
        try {
            CudaDriver.init();
            int count = CudaDriver.deviceCount();
            for (int i = 0; i < count; i++) {
                String capability = CudaDriver.attribute(i, CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR) + "."
                        + CudaDriver.attribute(i, CudaDriver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
                String busId = CudaDriver.pciBusId(i);
                NvmlDevice nvmlDevice = nvmlPresent ? nvmlDevice(busId) : null;
                gpus.add(new GpuInfo(i, CudaDriver.deviceName(i), busId, CudaDriver.totalMemory(i), capability,
                        nvmlDevice == null ? null : nvlinksUp(nvmlDevice),
                        nvmlDevice == null ? null : orNull(() -> Nvml.eccErrors(nvmlDevice, true)),
                        nvmlDevice == null ? null : orNull(() -> Nvml.persistenceMode(nvmlDevice))));
            }
            return count == 0 ? "the CUDA driver reports no GPU" : null;
        } catch (NativeException e) {
            return e.code() == CudaDriver.ERROR_NO_DEVICE ? "no GPU: " + e.getMessage() : e.getMessage();
        }
    }

    /** The NVML device with this bus id, matched by bus id because CUDA and NVML may number GPUs differently. */
    private static NvmlDevice nvmlDevice(String cudaBusId) {
        try {
            for (int i = 0; i < Nvml.deviceCount(); i++) {
                NvmlDevice device = Nvml.device(i);
                if (sameBusId(Nvml.pciBusId(device), cudaBusId)) {
                    return device;
                }
            }
        } catch (NativeException e) {
            return null;
        }
        return null;
    }

    private static int nvlinksUp(NvmlDevice device) {
        int up = 0;
        for (int link = 0; link < Nvml.MAX_NVLINKS; link++) {
            try {
                up += Nvml.nvLinkActive(device, link) ? 1 : 0;
            } catch (NativeException e) {
                break; // past the last link, or no NVLink at all
            }
        }
        return up;
    }

    /** A value NVML may not support on this GPU (ECC on a consumer card, persistence outside Linux): null then. */
    private static <T> T orNull(Supplier<T> query) {
        try {
            return query.get();
        } catch (NativeException e) {
            return null;
        }
    }

    /** NVML writes an 8-digit PCI domain ("00000000:53:00.0"), CUDA a 4-digit one ("0000:53:00.0"). */
    static boolean sameBusId(String a, String b) {
        return normalizeBusId(a).equals(normalizeBusId(b));
    }

    private static String normalizeBusId(String busId) {
        String lower = busId.toLowerCase();
        int colon = lower.indexOf(':');
        return colon < 0 ? lower : Integer.parseInt(lower.substring(0, colon), 16) + lower.substring(colon);
    }

    private static LibraryStatus library(LibrarySpec spec, Supplier<String> version) {
        try {
            LibraryLocation location = Libraries.require(spec);
            String text;
            try {
                text = version.get();
            } catch (NativeException e) {
                text = "unknown (" + e.getMessage() + ")";
            }
            return LibraryStatus.found(spec.displayName(), location.path().toString(), location.reason(), text);
        } catch (LibraryNotFoundException e) {
            return LibraryStatus.missing(spec.displayName(), e.getMessage());
        }
    }

    private static String mpirunVersion() {
        return Processes.findProgram("mpirun", MPIRUN_PREFERRED)
                .flatMap(mpirun -> Processes.firstLine(List.of(mpirun.toString(), "--version"), 10)
                        .map(line -> line + " (" + mpirun + ")"))
                .orElse(null);
    }
}
