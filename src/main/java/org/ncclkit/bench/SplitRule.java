package org.ncclkit.bench;

import java.util.Locale;

/**
 * nccl-tests' {@code NCCL_TESTS_SPLIT_MASK} and {@code NCCL_TESTS_SPLIT}: the colour that puts each process in a
 * communicator of its own group ({@code MPI_Comm_split} in {@code run()}). The mask is hexadecimal and ANDed with
 * the process index and wins over the rule; the rule is {@code AND}/{@code &}, {@code OR}/{@code |},
 * {@code MOD}/{@code %} or {@code DIV}/{@code /} followed by a number (decimal, {@code 0x} hex, {@code 0b} binary,
 * leading-zero octal). {@code "AND 0x7"} or {@code "MOD 8"} on 8 GPUs per node gives 8 groups of one GPU per node:
 * the network alone. Anything unreadable leaves every process in group 0, as there.
 */
public final class SplitRule {
    private SplitRule() {
    }

    /**
     * The colour of process {@code process}.
     *
     * @throws IllegalArgumentException for {@code MOD 0} or {@code DIV 0} (a division by zero in nccl-tests)
     */
    public static int color(String mask, String rule, int process) {
        if (mask != null) {
            return (int) (process & unsignedPrefix(mask.strip(), 16));
        }
        if (rule == null) {
            return 0;
        }
        String upper = rule.toUpperCase(Locale.ROOT);
        for (String[] operator : new String[][] {{"AND", "&"}, {"OR", "|"}, {"MOD", "%"}, {"DIV", "/"}}) {
            for (String spelling : operator) {
                if (upper.startsWith(spelling)) {
                    Long operand = number(rule.substring(spelling.length()));
                    return operand == null ? 0 : apply(operator[0], process, (int) (long) operand, rule);
                }
            }
        }
        return 0;
    }

    private static int apply(String operator, int process, int operand, String rule) {
        if ((operator.equals("MOD") || operator.equals("DIV")) && operand == 0) {
            throw new IllegalArgumentException("NCCL_TESTS_SPLIT='" + rule + "' divides by zero");
        }
        return switch (operator) {
            case "AND" -> process & operand;
            case "OR" -> process | operand;
            case "MOD" -> process % operand;
            default -> process / operand;
        };
    }

    /** nccl-tests' {@code parseInt}: blanks, then {@code 0b} binary or C's {@code strtoul(s, 0)}; null if no digits. */
    private static Long number(String text) {
        String s = text.stripLeading();
        if (s.regionMatches(true, 0, "0b", 0, 2)) {
            return digits(s.substring(2), 2);
        }
        if (s.regionMatches(true, 0, "0x", 0, 2)) {
            return digits(s.substring(2), 16);
        }
        return s.startsWith("0") && s.length() > 1 ? digits(s.substring(1), 8) : digits(s, 10);
    }

    private static Long digits(String s, int radix) {
        int end = 0;
        while (end < s.length() && Character.digit(s.charAt(end), radix) >= 0) {
            end++;
        }
        if (end == 0) {
            return radix == 8 ? Long.valueOf(0) : null; // the "0" before octal digits is a number by itself
        }
        return Long.parseUnsignedLong(s.substring(0, Math.min(end, 15)), radix);
    }

    /** {@code strtoul(s, NULL, 16)}: hex digits after an optional {@code 0x}; 0 when there are none. */
    private static long unsignedPrefix(String s, int radix) {
        String body = s.regionMatches(true, 0, "0x", 0, 2) ? s.substring(2) : s;
        Long value = digits(body, radix);
        return value == null ? 0 : value;
    }
}
