package org.ncclkit.bench;

import java.util.Locale;

/** Parses nccl-tests size literals: a number with an optional binary K, M or G suffix ("8", "128M", "0.5K", "1g"). */
public final class Sizes {
    private Sizes() {
    }

    public static long parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty size");
        }
        long multiplier = switch (Character.toUpperCase(s.charAt(s.length() - 1))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        String number = multiplier == 1 ? s : s.substring(0, s.length() - 1);
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 8, 64K, 128M, 1G)");
        }
        if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 8, 64K, 128M, 1G)");
        }
        return (long) (value * multiplier);
    }

    /** Bytes in human units for messages, e.g. "1.0 GiB". */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
