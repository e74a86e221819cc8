package org.ncclkit.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses nccl-tests size literals as its {@code parsesize} does with {@code sscanf(value, "%lf %1s")}: a C floating
 * number (decimal or hex, with exponent), optional blanks, then an optional K, M or G (binary, any case) of which
 * only the first letter counts ({@code 1MB} is 1 MiB, {@code 2 k} is 2048). Negative sizes are refused, as there.
 */
public final class Sizes {
    private static final Pattern C_DOUBLE = Pattern.compile(
            "[+-]?(?:0[xX](?:\\p{XDigit}+\\.?\\p{XDigit}*|\\.\\p{XDigit}+)(?:[pP][+-]?\\d+)?"
                    + "|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");

    private Sizes() {
    }

    public static long parse(String text) {
        String s = text.stripLeading();
        Matcher number = C_DOUBLE.matcher(s);
        if (!number.lookingAt()) {
            throw notASize(text);
        }
        double value = parseCDouble(number.group());
        String rest = s.substring(number.end()).stripLeading();
        long multiplier = rest.isEmpty() ? 1 : switch (Character.toUpperCase(rest.charAt(0))) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> throw notASize(text);
        };
        if (value < 0 || !Double.isFinite(value * multiplier)) {
            throw notASize(text);
        }
        return (long) (value * multiplier);
    }

    private static double parseCDouble(String number) {
        String unsigned = number.replaceFirst("^[+-]", "");
        if (!unsigned.startsWith("0x") && !unsigned.startsWith("0X")) {
            return Double.parseDouble(number);
        }
        // Java needs a binary exponent in hex literals; C does not.
        String withExponent = unsigned.matches("(?s).*[pP].*") ? number : number + "p0";
        return Double.parseDouble(withExponent.replaceFirst("\\.p", "p"));
    }

    private static IllegalArgumentException notASize(String text) {
        return new IllegalArgumentException("'" + text + "' is not a size (examples: 8, 64K, 128M, 1GB, 1e6)");
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
