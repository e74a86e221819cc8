package org.ncclkit.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code printf} conversions {@code %.Nf}, {@code %.Ne} and {@code %g} as glibc prints them, for output that must
 * match nccl-tests character for character.
 * <p>
 * Java's {@code Formatter} differs: it rounds the shortest decimal form half-up ({@code %.2f} of 2.675 gives 2.68,
 * glibc gives 2.67) and its {@code %g} never strips zeros nor switches to exponents by C's rule. glibc rounds the
 * exact binary value half-to-even, which {@link BigDecimal#BigDecimal(double)} reproduces.
 */
public final class CFormat {
    private static final int GENERAL_PRECISION = 6;

    private CFormat() {
    }

    /** {@code %.Nf}: fixed notation with {@code decimals} digits after the point. */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        String digits = new BigDecimal(Math.abs(value)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        return sign(value) + digits;
    }

    /** {@code %.Ne}: one digit, the point, {@code decimals} digits, then {@code e±XX}. */
    public static String exponential(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        Scientific s = Scientific.of(Math.abs(value), decimals + 1);
        String mantissa = decimals == 0 ? s.digits() : s.digits().charAt(0) + "." + s.digits().substring(1);
        return sign(value) + mantissa + "e" + (s.exponent() < 0 ? "-" : "+")
                + (Math.abs(s.exponent()) < 10 ? "0" : "") + Math.abs(s.exponent());
    }

    /**
     * {@code %g}: six significant digits, fixed notation unless the exponent is below -4 or at least 6, trailing
     * zeros (and a bare point) removed.
     */
    public static String general(double value) {
        if (!Double.isFinite(value)) {
            return nonFinite(value);
        }
        int exponent = value == 0 ? 0 : Scientific.of(Math.abs(value), GENERAL_PRECISION).exponent();
        if (exponent < -4 || exponent >= GENERAL_PRECISION) {
            String text = exponential(value, GENERAL_PRECISION - 1);
            int e = text.indexOf('e');
            return stripZeros(text.substring(0, e)) + text.substring(e);
        }
        return stripZeros(fixed(value, GENERAL_PRECISION - 1 - exponent));
    }

    /** {@code %*s}: right-aligns text in a field of at least {@code width} characters. */
    public static String padLeft(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    private static String stripZeros(String number) {
        if (number.indexOf('.') < 0) {
            return number;
        }
        String stripped = number.replaceAll("0+$", "");
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    // C keeps the sign of negative values that round to zero, and of -0.0.
    private static String sign(double value) {
        return value < 0 || Double.doubleToRawLongBits(value) == Long.MIN_VALUE ? "-" : "";
    }

    private static String nonFinite(double value) {
        // glibc prints the sign bit of NaN too: 0.0 / 0.0 is -nan on x86.
        return Double.isNaN(value) ? (Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan") : value > 0 ? "inf" : "-inf";
    }

    /** A non-negative value rounded to {@code significant} digits: those digits and the power of ten of the first. */
    private record Scientific(String digits, int exponent) {
        static Scientific of(double magnitude, int significant) {
            if (magnitude == 0) {
                return new Scientific("0".repeat(significant), 0);
            }
            BigDecimal rounded = new BigDecimal(magnitude).round(new MathContext(significant, RoundingMode.HALF_EVEN));
            String unscaled = rounded.unscaledValue().toString();
            int exponent = unscaled.length() - 1 - rounded.scale();
            // Rounding leaves at most `significant` digits; exact values such as 0.5 have fewer.
            return new Scientific(unscaled + "0".repeat(significant - unscaled.length()), exponent);
        }
    }
}
