package org.ncclkit.info;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds EFA devices: entries of {@code /sys/class/infiniband} whose {@code device/driver} link ends in {@code efa}. */
public final class EfaDevices {
    public static final Path SYSFS = Path.of("/sys/class/infiniband");

    private EfaDevices() {
    }

    public static List<EfaDevice> scan(Path infinibandClass) {
        List<EfaDevice> devices = new ArrayList<>();
        if (!Files.isDirectory(infinibandClass)) {
            return devices;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(infinibandClass)) {
            for (Path entry : entries) {
                Path driver = entry.resolve("device").resolve("driver");
                if (Files.isSymbolicLink(driver) && Files.readSymbolicLink(driver).getFileName().toString().equals("efa")) {
                    devices.add(new EfaDevice(entry.getFileName().toString(), portState(entry), portRate(entry)));
                }
            }
        } catch (IOException e) {
            return devices;
        }
        devices.sort((a, b) -> a.name().compareTo(b.name()));
        return devices;
    }

    /** The state of port 1, e.g. "ACTIVE" (sysfs writes "4: ACTIVE"). */
    private static String portState(Path device) {
        try {
            String text = Files.readString(port(device).resolve("state")).trim();
            int colon = text.indexOf(':');
            return colon >= 0 ? text.substring(colon + 1).trim() : text;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The link rate of port 1 in Gb/s (sysfs writes "100 Gb/sec (4X EDR)"), or null where it is missing or unreadable. */
    private static Double portRate(Path device) {
        try {
            String text = Files.readString(port(device).resolve("rate")).trim();
            int space = text.indexOf(' ');
            return Double.parseDouble(space < 0 ? text : text.substring(0, space));
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static Path port(Path device) {
        return device.resolve("ports").resolve("1");
    }
}
