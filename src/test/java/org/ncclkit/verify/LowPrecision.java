package org.ncclkit.verify;

import org.ncclkit.collective.DataType;

/**
 * Bit-exact conversions between double and NCCL's floating element types as CUDA does them: round to nearest even;
 * half and bfloat16 overflow to infinity and turn NaN into 0x7FFF ({@code __double2half}, {@code __float2bfloat16});
 * both fp8 formats saturate to their largest finite value, infinities included, and keep NaN as
 * {@code __nv_cvt_double_to_fp8(x, __NV_SATFINITE, ...)} does (e4m3: 0x7F, e5m2: 0x7E with the top mantissa bits).
 */
final class LowPrecision {
    /** A binary floating format: significand bits with the implicit one, normal exponents, largest finite value. */
    record Format(int bits, int precision, int minExponent, int maxExponent, double maxFinite, boolean hasInfinity,
                  boolean saturates) {
        long signBit() {
            return 1L << (bits - 1);
        }
    }

    static final Format HALF = new Format(16, 11, -14, 15, 65504.0, true, false);
    static final Format BFLOAT16 = new Format(16, 8, -126, 127, Math.scalb(255.0, 120), true, false);
    static final Format F8E4M3 = new Format(8, 4, -6, 8, 448.0, false, true);
    static final Format F8E5M2 = new Format(8, 3, -14, 15, 57344.0, true, true);

    private LowPrecision() {
    }

    /** The format of a 16- or 8-bit floating type; float and double are Java's own. */
    static Format of(DataType type) {
        return switch (type) {
            case HALF -> HALF;
            case BFLOAT16 -> BFLOAT16;
            case F8E4M3 -> F8E4M3;
            case F8E5M2 -> F8E5M2;
            default -> throw new IllegalArgumentException(type + " is not a low-precision type");
        };
    }

    /** x rounded once to the format (nearest, ties to even), as raw bits with the format's overflow and NaN rules. */
    static long fromDouble(Format f, double x) {
        long sign = Double.doubleToRawLongBits(x) < 0 ? f.signBit() : 0;
        if (Double.isNaN(x)) {
            return nanBits(f, x);
        }
        double rounded = Double.isInfinite(x) ? x : roundToPrecision(f, x);
        double magnitude = Math.abs(rounded);
        if (magnitude > f.maxFinite()) {
            return sign | (f.saturates() ? encode(f, f.maxFinite()) : infinityBits(f));
        }
        return sign | encode(f, magnitude);
    }

    /** The value of raw bits in the format. */
    static double toDouble(Format f, long bits) {
        int mantissaBits = f.precision() - 1;
        long magnitude = bits & (f.signBit() - 1);
        long exponentField = magnitude >>> mantissaBits;
        long mantissa = magnitude & ((1L << mantissaBits) - 1);
        long allOnes = (f.signBit() - 1) >>> mantissaBits;
        double value;
        if (f.hasInfinity() && exponentField == allOnes) {
            value = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (!f.hasInfinity() && magnitude == f.signBit() - 1) {
            value = Double.NaN; // e4m3: only S.1111.111 is NaN, and there is no infinity
        } else {
            value = finite(f, exponentField, mantissa);
        }
        return (bits & f.signBit()) != 0 ? -value : value;
    }

    private static double finite(Format f, long exponentField, long mantissa) {
        int mantissaBits = f.precision() - 1;
        return exponentField == 0
                ? Math.scalb((double) mantissa, f.minExponent() - mantissaBits)
                : Math.scalb((double) (mantissa | (1L << mantissaBits)), (int) exponentField - 1 + f.minExponent() - mantissaBits);
    }

    private static double roundToPrecision(Format f, double x) {
        if (x == 0) {
            return x;
        }
        int exponent = Math.max(Math.getExponent(x), f.minExponent());
        double quantum = Math.scalb(1.0, exponent - f.precision() + 1);
        return Math.rint(x / quantum) * quantum;
    }

    private static long encode(Format f, double magnitude) {
        if (magnitude == 0) {
            return 0;
        }
        int mantissaBits = f.precision() - 1;
        int exponent = Math.getExponent(magnitude);
        if (exponent < f.minExponent()) {
            return (long) Math.scalb(magnitude, mantissaBits - f.minExponent());
        }
        long field = exponent - f.minExponent() + 1;
        long mantissa = (long) Math.scalb(magnitude, mantissaBits - exponent) - (1L << mantissaBits);
        return field << mantissaBits | mantissa;
    }

    private static long infinityBits(Format f) {
        return ((f.signBit() - 1) >>> (f.precision() - 1)) << (f.precision() - 1);
    }

    private static long nanBits(Format f, double x) {
        if (!f.saturates()) {
            return f.signBit() - 1; // 0x7FFF
        }
        long xbits = Double.doubleToRawLongBits(x);
        long sign = xbits < 0 ? f.signBit() : 0;
        if (!f.hasInfinity()) {
            return sign | 0x7F;
        }
        return sign | 0x7E | ((xbits >>> (53 - f.precision())) & 0x3);
    }
}
