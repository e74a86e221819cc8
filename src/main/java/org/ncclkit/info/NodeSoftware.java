package org.ncclkit.info;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ncclkit.ffi.Libfabric;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibrarySpec;

/**
 * The software versions of this node that decide how NCCL performs, read cheaply enough for the end of every run (no
 * NVML, no child process): the driver from {@code /proc/driver/nvidia/version}, the NET plugins on the library path,
 * libfabric's version. A missing piece reads {@code none}.
 */
public record NodeSoftware(String driver, String plugins, String libfabric) {
    private static final Path DRIVER_VERSION = Path.of("/proc/driver/nvidia/version");
    private static final Pattern KERNEL_MODULE = Pattern.compile("Kernel Module\\s+(\\S+)");

    public static NodeSoftware probe() {
        return new NodeSoftware(driver(DRIVER_VERSION), pluginsOnLibraryPath(), libfabricVersion());
    }

    static String driver(Path versionFile) {
        try {
            Matcher m = KERNEL_MODULE.matcher(Files.readString(versionFile));
            return m.find() ? m.group(1) : "none";
        } catch (IOException e) {
            return "none";
        }
    }

    private static String pluginsOnLibraryPath() {
        List<Path> directories = new ArrayList<>();
        String path = System.getenv("LD_LIBRARY_PATH");
        if (path != null) {
            Stream.of(path.split(":")).filter(s -> !s.isBlank()).map(Path::of).forEach(directories::add);
        }
        List<String> found = NetPlugins.find(directories);
        return found.isEmpty() ? "none" : String.join(",", found);
    }

    private static String libfabricVersion() {
        if (Libraries.find(LibrarySpec.LIBFABRIC).isEmpty()) {
            return "none";
        }
        try {
            return Libfabric.version();
        } catch (RuntimeException e) {
            return "none";
        }
    }
}
