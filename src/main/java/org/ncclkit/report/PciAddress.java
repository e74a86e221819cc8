package org.ncclkit.report;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GPU's PCI domain, bus and device, shown as nccl-tests shows them: {@code 0000:53:00}. */
public record PciAddress(int domain, int bus, int device) {
    // CUDA writes a 4-digit domain (0000:53:00.0), NVML an 8-digit one (00000000:53:00.0); the function is dropped.
    private static final Pattern BUS_ID = Pattern.compile("([0-9a-fA-F]{1,8}):([0-9a-fA-F]{1,2}):([0-9a-fA-F]{1,2})(\\.[0-7])?");

    /** Reads a bus id such as {@code 0000:53:00.0} or {@code 00000000:53:00.0}. */
    public static PciAddress parse(String busId) {
        Matcher m = BUS_ID.matcher(busId.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PCI bus id (domain:bus:device.function): " + busId);
        }
        return new PciAddress(Integer.parseUnsignedInt(m.group(1), 16), Integer.parseInt(m.group(2), 16),
                Integer.parseInt(m.group(3), 16));
    }

    /** {@code %04x:%02x:%02x}, the bracketed part of a device line and JSON's {@code device_hex}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%02x:%02x", domain, bus, device);
    }
}
