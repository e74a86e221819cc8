package org.ncclkit.ffi;

import java.math.BigInteger;
import java.util.function.LongFunction;

/**
 * Formats a C {@code printf} format with the arguments a variadic native call passed, for the NET plugin's logger.
 * Integer and pointer arguments come as raw 64-bit words in order, floating-point ones separately (on x86-64 they
 * travel in other registers); {@code %s} reads a C string through a function. Understands flags, width, precision
 * ({@code *} too), the length modifiers {@code hh h l ll z j t} and the conversions {@code d i u x X o c s p f F e E
 * g G %}. Anything else, or more arguments than are available, gives the format back verbatim, never a crash.
 */
public final class PrintfFormat {
    private PrintfFormat() {
    }

    /** The native arguments of one call, read in order. */
    public interface Arguments {
        /** The next integer or pointer argument, or throws {@link IndexOutOfBoundsException} when none is left. */
        long nextWord();

        /** The next {@code double} argument ({@code float} is promoted), or throws {@link IndexOutOfBoundsException}. */
        double nextDouble();
    }

    /** Arguments from arrays, e.g. the registers an upcall received. */
    public static Arguments arguments(long[] words, double[] doubles) {
        return new Arguments() {
            private int word;
            private int floating;

            @Override
            public long nextWord() {
                return words[word++];
            }

            @Override
            public double nextDouble() {
                return doubles[floating++];
            }
        };
    }

    public static String format(String format, Arguments args, LongFunction<String> cString) {
        try {
            return formatOrFail(format, args, cString);
        } catch (RuntimeException unsupported) {
            return format;
        }
    }

    private static String formatOrFail(String format, Arguments args, LongFunction<String> cString) {
        StringBuilder out = new StringBuilder(format.length() + 32);
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            StringBuilder flags = new StringBuilder();
            while (i < format.length() && "-+ #0".indexOf(format.charAt(i)) >= 0) {
                flags.append(format.charAt(i++));
            }
            int width = -1;
            if (i < format.length() && format.charAt(i) == '*') {
                width = (int) args.nextWord();
                i++;
                if (width < 0) {
                    flags.append('-');
                    width = -width;
                }
            } else {
                int start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                width = start == i ? -1 : Integer.parseInt(format.substring(start, i));
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                if (i < format.length() && format.charAt(i) == '*') {
                    precision = (int) args.nextWord();
                    i++;
                } else {
                    int start = i;
                    while (i < format.length() && Character.isDigit(format.charAt(i))) {
                        i++;
                    }
                    precision = start == i ? 0 : Integer.parseInt(format.substring(start, i));
                }
            }
            int start = i;
            while (i < format.length() && "hlzjtL".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            String length = format.substring(start, i);
            char conversion = format.charAt(i++);
            out.append(convert(conversion, length, flags.toString(), width, precision, args, cString));
        }
        return out.toString();
    }

    private static String convert(char conversion, String length, String flags, int width, int precision,
                                  Arguments args, LongFunction<String> cString) {
        String widthPart = width < 0 ? "" : Integer.toString(width);
        boolean wide = length.equals("l") || length.equals("ll") || length.equals("z") || length.equals("j")
                || length.equals("t");
        return switch (conversion) {
            case '%' -> "%";
            case 'd', 'i' -> {
                long word = args.nextWord();
                long value = wide ? word : length.equals("hh") ? (byte) word : length.equals("h") ? (short) word : (int) word;
                yield integer(String.format("%" + javaFlags(flags) + widthPart + "d", value), precision);
            }
            case 'u' -> {
                long word = args.nextWord();
                long value = wide ? word : length.equals("hh") ? word & 0xff : length.equals("h") ? word & 0xffff : word & 0xffffffffL;
                yield integer(String.format("%" + javaFlags(flags) + widthPart + "d", new BigInteger(Long.toUnsignedString(value))), precision);
            }
            case 'x', 'X', 'o' -> {
                long word = args.nextWord();
                long value = wide ? word : length.equals("hh") ? word & 0xff : length.equals("h") ? word & 0xffff : word & 0xffffffffL;
                String digits = conversion == 'o' ? Long.toOctalString(value) : Long.toHexString(value);
                if (precision >= 0 && digits.length() < precision) {
                    digits = "0".repeat(precision - digits.length()) + digits;
                }
                if (flags.contains("#") && value != 0) {
                    digits = (conversion == 'o' ? "0" : "0x") + digits;
                }
                if (conversion == 'X') {
                    digits = digits.toUpperCase(java.util.Locale.ROOT);
                }
                yield pad(digits, width, flags, precision < 0);
            }
            case 'c' -> pad(String.valueOf((char) (args.nextWord() & 0xff)), width, flags, false);
            case 's' -> {
                long address = args.nextWord();
                String text = address == 0 ? "(null)" : cString.apply(address);
                if (precision >= 0 && text.length() > precision) {
                    text = text.substring(0, precision);
                }
                yield pad(text, width, flags, false);
            }
            case 'p' -> {
                long address = args.nextWord();
                yield pad(address == 0 ? "(nil)" : "0x" + Long.toHexString(address), width, flags, false);
            }
            case 'f', 'F', 'e', 'E', 'g', 'G' -> String.format(java.util.Locale.ROOT, "%" + javaFlags(flags) + widthPart
                    + (precision >= 0 ? "." + precision : "") + conversion, args.nextDouble());
            default -> throw new IllegalArgumentException("unsupported conversion %" + conversion);
        };
    }

    private static String javaFlags(String flags) {
        return flags.replace("#", "");
    }

    private static String integer(String formatted, int precision) {
        if (precision < 0) {
            return formatted;
        }
        String trimmed = formatted.strip();
        boolean negative = trimmed.startsWith("-");
        String digits = negative ? trimmed.substring(1) : trimmed;
        if (digits.length() >= precision) {
            return formatted;
        }
        return (negative ? "-" : "") + "0".repeat(precision - digits.length()) + digits;
    }

    private static String pad(String text, int width, String flags, boolean zeroAllowed) {
        if (width <= text.length()) {
            return text;
        }
        String fill = (zeroAllowed && flags.contains("0") && !flags.contains("-") ? "0" : " ").repeat(width - text.length());
        if (flags.contains("-")) {
            return text + fill;
        }
        if (fill.startsWith("0") && text.startsWith("0x")) {
            return "0x" + fill + text.substring(2);
        }
        return fill + text;
    }
}
