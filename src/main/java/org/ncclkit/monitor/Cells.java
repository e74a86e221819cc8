package org.ncclkit.monitor;

import java.util.Locale;

/** How the views write each value: short, unit-fixed, "-" where unknown. */
final class Cells {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private Cells() {
    }

    static String percent(Integer value) {
        return value == null ? "-" : value + "%";
    }

    /** "71.2/79.6" GiB. */
    static String memory(GpuSample s) {
        if (s.memTotalBytes() == null) {
            return "-";
        }
        return (s.memUsedBytes() == null ? "-" : oneDecimal(s.memUsedBytes() / GIB)) + "/" + oneDecimal(s.memTotalBytes() / GIB);
    }

    static String number(Number value) {
        return value == null ? "-" : value.toString();
    }

    static String watts(Double value) {
        return value == null ? "-" : Math.round(value) + "W";
    }

    static String celsius(Integer value) {
        return value == null ? "-" : value + "C";
    }

    /** PCIe in MB/s from NVML's KB/s: "1204/980". */
    static String pcie(GpuSample s) {
        if (s.pcieTxKBps() == null && s.pcieRxKBps() == null) {
            return "-";
        }
        return megabytes(s.pcieTxKBps()) + "/" + megabytes(s.pcieRxKBps());
    }

    /** NVLink in GB/s from KB/s: "302.9/297.9"; "-" without NVLink. */
    static String nvlink(GpuSample s) {
        if (s.nvlinkTxKBps() == null && s.nvlinkRxKBps() == null) {
            return "-";
        }
        return gigabytes(s.nvlinkTxKBps()) + "/" + gigabytes(s.nvlinkRxKBps());
    }

    private static String megabytes(Long kilobytes) {
        return kilobytes == null ? "-" : Long.toString(Math.round(kilobytes / 1000.0));
    }

    private static String gigabytes(Long kilobytes) {
        if (kilobytes == null) {
            return "-";
        }
        double value = kilobytes / 1e6;
        return value >= 1000 ? Long.toString(Math.round(value)) : oneDecimal(value);
    }

    static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String fit(String line, int width) {
        return line.length() <= width ? line : line.substring(0, width - 1) + "~";
    }

    /** Breaks a line at spaces into lines of at most {@code width}, the later ones indented; a long word is cut. */
    static java.util.List<String> wrap(String text, String indent, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= indent.length()) {
                cut = width;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = indent + rest.substring(cut).strip();
        }
        lines.add(rest);
        return lines;
    }
}
