package org.ncclkit.report;

/**
 * A number squeezed into a fixed-width table column the way nccl-tests' {@code getFloatStr} does: two decimals, else
 * one, else none, else exponent form cut to the width.
 */
public final class ColumnNumber {
    private ColumnNumber() {
    }

    /** The value right-aligned in exactly {@code width} characters. */
    public static String fit(double value, int width) {
        for (int decimals = 2; decimals >= 0; decimals--) {
            String fixed = CFormat.fixed(value, decimals);
            if (fixed.length() <= width) {
                return CFormat.padLeft(fixed, width);
            }
        }
        // nccl-tests prints this last form through a width+1 buffer, so anything longer is cut, not widened.
        String exponential = CFormat.padLeft(CFormat.exponential(value, width >= 7 ? 1 : 0), width);
        return exponential.substring(0, width);
    }
}
