package org.ncclkit.collective;

/** C's lenient number reading ({@code atoi}), for environment variables that nccl-tests reads that way. */
public final class CNumbers {
    private CNumbers() {
    }

    /** {@code atoi}: blanks, a sign and decimal digits; 0 when there are none, and the rest is ignored. */
    public static int atoi(String text) {
        String s = text.stripLeading();
        int end = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        int digitsFrom = end;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == digitsFrom) {
            return 0;
        }
        try {
            return Integer.parseInt(s.substring(0, end));
        } catch (NumberFormatException e) {
            return s.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE; // out of range: glibc saturates
        }
    }
}
