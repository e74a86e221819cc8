package org.ncclkit.verify;

import org.ncclkit.collective.DataType;

/**
 * One step of NCCL's reductions in the element type, on raw bits, as {@code src/device/reduce_kernel.h} does it:
 * integers wrap; half and bfloat16 round every sum and product ({@code __hadd}, {@code __hmul}); fp8 goes through
 * half and back ({@code __nv_fp8_e4m3(__hadd(__half(x), __half(y)))}), so it rounds twice; the PreMulSum pre-op
 * multiplies in the element type (fp8: in half); integer avg divides the wrapped sum as {@code FuncSumPostDiv}.
 */
final class NcclArithmetic {
    private NcclArithmetic() {
    }

    static long mask(DataType type) {
        return type.bytes() == 8 ? -1L : (1L << (8 * type.bytes())) - 1;
    }

    static boolean signed(DataType type) {
        return type == DataType.INT8 || type == DataType.INT32 || type == DataType.INT64;
    }

    /** The value of floating bits. */
    static double value(DataType type, long bits) {
        return switch (type) {
            case FLOAT -> Float.intBitsToFloat((int) bits);
            case DOUBLE -> Double.longBitsToDouble(bits);
            default -> LowPrecision.toDouble(LowPrecision.of(type), bits);
        };
    }

    /** Floating bits of x rounded once to the type. */
    static long bits(DataType type, double x) {
        return switch (type) {
            case FLOAT -> Float.floatToRawIntBits((float) x) & 0xFFFFFFFFL;
            case DOUBLE -> Double.doubleToRawLongBits(x);
            default -> LowPrecision.fromDouble(LowPrecision.of(type), x);
        };
    }

    static long sum(DataType type, long a, long b) {
        if (!type.floating()) {
            return (a + b) & mask(type);
        }
        return switch (type) {
            case FLOAT -> bits(type, Float.intBitsToFloat((int) a) + Float.intBitsToFloat((int) b));
            case DOUBLE -> bits(type, value(type, a) + value(type, b));
            case F8E4M3, F8E5M2 -> viaHalf(type, value(type, a) + value(type, b));
            default -> bits(type, value(type, a) + value(type, b)); // exact in double, one rounding: __hadd
        };
    }

    static long product(DataType type, long a, long b) {
        if (!type.floating()) {
            return (a * b) & mask(type);
        }
        return switch (type) {
            case FLOAT -> bits(type, Float.intBitsToFloat((int) a) * Float.intBitsToFloat((int) b));
            case F8E4M3, F8E5M2 -> viaHalf(type, value(type, a) * value(type, b));
            default -> bits(type, value(type, a) * value(type, b));
        };
    }

    static long max(DataType type, long a, long b) {
        return less(type, a, b) ? b : a;
    }

    static long min(DataType type, long a, long b) {
        return less(type, b, a) ? b : a;
    }

    private static boolean less(DataType type, long a, long b) {
        if (type.floating()) {
            return value(type, a) < value(type, b);
        }
        return signed(type) ? signExtend(type, a) < signExtend(type, b) : Long.compareUnsigned(a, b) < 0;
    }

    /** NCCL's PreMulSum pre-op: the input times the scalar, in the element type. */
    static long preMultiply(DataType type, long x, long scalarBits) {
        return product(type, x, scalarBits);
    }

    /** The scalar NCCL premultiplies by for avg on floating types ({@code hostToDevRedOp}: {@code float(1.0/n)}, then the type). */
    static long averageScalar(DataType type, int ranks) {
        return type == DataType.DOUBLE ? bits(type, 1.0 / ranks) : bits(type, (float) (1.0 / ranks));
    }

    /** FuncSumPostDiv: the wrapped sum divided by the rank count, truncating toward zero for signed types. */
    static long postDivide(DataType type, long sum, int ranks) {
        long m = mask(type);
        boolean negative = signed(type) && (sum & (m ^ (m >>> 1))) != 0;
        long magnitude = negative ? -sum & m : sum;
        long quotient = Long.divideUnsigned(magnitude, ranks);
        return (negative ? -quotient : quotient) & m;
    }

    private static long signExtend(DataType type, long bits) {
        int shift = 64 - 8 * type.bytes();
        return bits << shift >> shift;
    }

    /** fp8 arithmetic: the exact result rounded to half (the {@code __h*} op), then to fp8 (the conversion). */
    private static long viaHalf(DataType type, double exact) {
        double half = LowPrecision.toDouble(LowPrecision.HALF, LowPrecision.fromDouble(LowPrecision.HALF, exact));
        return bits(type, half);
    }
}
