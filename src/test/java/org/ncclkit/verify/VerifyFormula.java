package org.ncclkit.verify;

import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;

/**
 * TWIN of {@code src/main/cuda/verify.cu}: the inputs perf writes and the results its check expects, function for
 * function with the kernel's names, order and constants, so that the property test can prove on the CPU what the
 * GPU checks. Change both together. Element values are raw bits in the low bits of a long.
 */
final class VerifyFormula {
    /** The kernels' op codes: RedOp's ordinals, and COPY for collectives that only move data. */
    static final int OP_COPY = 6;

    private VerifyFormula() {
    }

    static long mix64(long x) {
        x += 0x9E3779B97F4A7C15L;
        x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
        return x ^ (x >>> 31);
    }

    static long indexHash(long seed, long index) { return mix64(mix64(seed) ^ index); }
    static long slotHash(long indexHash, long slot) { return mix64(indexHash + (slot + 1) * 0xD1B54A32D192ED03L); }
    static long copyHash(long seed, long rank, long index) { return mix64(mix64(mix64(seed) ^ rank) ^ index); }
    static boolean forcedZero(long hash) { return (hash >>> 58) == 0; }
    static long windowStart(long indexHash, long ranks) { return Long.remainderUnsigned(indexHash & 0xFFFFFFFFL, ranks); }
    static long ceilLog2(long n) { long k = 0; while ((1L << k) < n) k++; return k; }
    static long hashedIn(long hash, long lo, long hi) { return lo + Long.remainderUnsigned(hash, hi - lo + 1); }

    /** verify.cu's {@code Format}: width, and for floating types precision, exponents and active-rank counts. */
    record Format(int bits, boolean floating, boolean isSigned, int precision, int minExponent, int maxExponent,
                  boolean hasInfinity, int sumActive, int prodActive, int prodExponent, int prodMantissa) {
    }

    static Format format(DataType type) {
        return switch (type) {
            case INT8 -> new Format(8, false, true, 0, 0, 0, false, 8, 8, 0, 0);
            case UINT8 -> new Format(8, false, false, 0, 0, 0, false, 8, 8, 0, 0);
            case INT32 -> new Format(32, false, true, 0, 0, 0, false, 8, 8, 0, 0);
            case UINT32 -> new Format(32, false, false, 0, 0, 0, false, 8, 8, 0, 0);
            case INT64 -> new Format(64, false, true, 0, 0, 0, false, 8, 8, 0, 0);
            case UINT64 -> new Format(64, false, false, 0, 0, 0, false, 8, 8, 0, 0);
            case HALF -> new Format(16, true, true, 11, -14, 15, true, 8, 3, 3, 4);
            case FLOAT -> new Format(32, true, true, 24, -126, 127, true, 16, 8, 13, 16);
            case DOUBLE -> new Format(64, true, true, 53, -1022, 1023, true, 16, 8, 120, 32);
            case BFLOAT16 -> new Format(16, true, true, 8, -126, 127, true, 4, 8, 14, 8);
            case F8E4M3 -> new Format(8, true, true, 4, -6, 8, false, 2, 2, 3, 2);
            case F8E5M2 -> new Format(8, true, true, 3, -14, 15, true, 2, 4, 3, 3);
        };
    }

    static long widthMask(Format f) { return f.bits() == 64 ? -1L : (1L << f.bits()) - 1; }
    static long signBit(Format f) { return 1L << (f.bits() - 1); }

    // verify.cu's T::fromDouble, T::toDouble and T::avgScalar
    static long fromDouble(DataType type, double v) { return NcclArithmetic.bits(type, v); }
    static double toDouble(DataType type, long bits) { return type.floating() ? NcclArithmetic.value(type, bits) : 0; }
    static long avgScalar(DataType type, long ranks) { return type.floating() ? NcclArithmetic.averageScalar(type, (int) ranks) : 0; }

    static long activeRanks(Format f, int op, long ranks) {
        long k = op == RedOp.PROD.ordinal() ? f.prodActive() : (op == RedOp.AVG.ordinal() && f.floating()) ? 1 : f.sumActive();
        return Math.min(k, ranks);
    }

    static long identityBits(DataType type, int op) {
        Format f = format(type);
        long mask = widthMask(f);
        if (op == RedOp.PROD.ordinal()) {
            return f.floating() ? fromDouble(type, 1.0) : 1;
        }
        if (op == RedOp.MAX.ordinal()) {
            if (f.floating()) {
                return f.hasInfinity() ? fromDouble(type, Double.NEGATIVE_INFINITY) : fromDouble(type, -448.0);
            }
            return f.isSigned() ? signBit(f) : 0;
        }
        if (op == RedOp.MIN.ordinal()) {
            if (f.floating()) {
                return f.hasInfinity() ? fromDouble(type, Double.POSITIVE_INFINITY) : fromDouble(type, 448.0);
            }
            return f.isSigned() ? mask >>> 1 : mask;
        }
        return f.floating() ? signBit(f) : 0;
    }

    static long orderedBits(Format f, long bits) {
        long mask = widthMask(f);
        bits &= mask;
        if (!f.floating()) {
            return bits;
        }
        long magnitude = bits & (mask >>> 1);
        long infinity = ((mask >>> 1) >>> (f.precision() - 1)) << (f.precision() - 1);
        boolean nan = f.hasInfinity() ? Long.compareUnsigned(magnitude, infinity) > 0 : magnitude == (mask >>> 1);
        if (nan) {
            bits ^= 1L << (f.bits() - 2);
        } else if (f.bits() == 8 && f.hasInfinity() && magnitude == infinity) {
            bits -= 1; // NCCL's fp8 max and min convert back from half saturating: an infinity would come back finite
        }
        return bits == signBit(f) ? 0 : bits;
    }

    static long slotBits(DataType type, int op, long ih, long slot, long ranks) {
        Format f = format(type);
        long h = slotHash(ih, slot);
        boolean zero = forcedZero(ih);
        if (op == RedOp.MAX.ordinal() || op == RedOp.MIN.ordinal()) {
            return zero && f.floating() ? 0 : orderedBits(f, h);
        }
        if (!f.floating()) {
            return op == RedOp.PROD.ordinal() ? (h | 1) & widthMask(f) : h & widthMask(f);
        }
        double sign = (h >>> 63) != 0 ? -1.0 : 1.0;
        if (op == RedOp.PROD.ordinal()) {
            long mantissa = slot == 0 ? hashedIn(h >>> 8, 1, (1L << f.prodMantissa()) - 1) : 1;
            long exponent = hashedIn(h >>> 40, -f.prodExponent(), f.prodExponent());
            return fromDouble(type, zero && slot == 0 ? sign * 0.0 : sign * Math.scalb((double) mantissa, (int) exponent));
        }
        if (op == RedOp.AVG.ordinal()) {
            long exponent = hashedIn(h >>> 8, f.minExponent() + ceilLog2(ranks), f.maxExponent());
            return fromDouble(type, zero ? sign * 0.0 : sign * Math.scalb(1.0, (int) exponent));
        }
        long c = (1L << (f.precision() - 1)) / f.sumActive();
        long value = hashedIn(h >>> 8, -c, c);
        long e = hashedIn(ih >>> 32, f.minExponent(), f.maxExponent() - f.precision());
        return fromDouble(type, zero || value == 0 ? sign * 0.0 : Math.scalb((double) value, (int) e));
    }

    static long inputBits(DataType type, long seed, long rank, long ranks, long index, int op) {
        Format f = format(type);
        if (op == OP_COPY) {
            long h = copyHash(seed, rank, index);
            long z = mix64(h);
            return f.floating() && forcedZero(z) ? (((z >>> 59) & 1) != 0 ? signBit(f) : 0) : h & widthMask(f);
        }
        long ih = indexHash(seed, index);
        long slot = (rank - windowStart(ih, ranks) + ranks) % ranks;
        return slot < activeRanks(f, op, ranks) ? slotBits(type, op, ih, slot, ranks) : identityBits(type, op);
    }

    static long preMulSumScalar(long rank) { return (rank & 1) != 0 ? 2 : 1; }

    static long integerAverage(Format f, long sum, long ranks) {
        long mask = widthMask(f);
        boolean negative = f.isSigned() && (sum & signBit(f)) != 0;
        long magnitude = negative ? (0 - sum) & mask : sum;
        long quotient = Long.divideUnsigned(magnitude, ranks);
        return (negative ? 0 - quotient : quotient) & mask;
    }

    static boolean integerLess(Format f, long a, long b) {
        return f.isSigned() ? Long.compareUnsigned(a ^ signBit(f), b ^ signBit(f)) < 0 : Long.compareUnsigned(a, b) < 0;
    }

    static long expectedBits(DataType type, long seed, long ranks, long index, int op) {
        Format f = format(type);
        long mask = widthMask(f);
        long ih = indexHash(seed, index);
        long start = windowStart(ih, ranks);
        long active = activeRanks(f, op, ranks);
        long acc = identityBits(type, op);
        double sum = -0.0;
        double product = 1.0;
        double avgScalar = toDouble(type, avgScalar(type, ranks));
        boolean maxOrMin = op == RedOp.MAX.ordinal() || op == RedOp.MIN.ordinal();
        for (long slot = 0; slot < active; slot++) {
            long x = slotBits(type, op, ih, slot, ranks);
            long rank = (start + slot) % ranks;
            if (maxOrMin) {
                boolean less = f.floating() ? toDouble(type, x) < toDouble(type, acc) : integerLess(f, x, acc);
                boolean greater = f.floating() ? toDouble(type, x) > toDouble(type, acc) : integerLess(f, acc, x);
                if (op == RedOp.MAX.ordinal() ? greater : less) {
                    acc = x;
                }
            } else if (!f.floating()) {
                acc = (op == RedOp.PROD.ordinal() ? acc * x
                        : acc + x * (op == RedOp.MULSUM.ordinal() ? preMulSumScalar(rank) : 1)) & mask;
            } else if (op == RedOp.PROD.ordinal()) {
                product *= toDouble(type, x);
            } else {
                double term = toDouble(type, x);
                sum += op == RedOp.MULSUM.ordinal() ? term * preMulSumScalar(rank) : op == RedOp.AVG.ordinal() ? term * avgScalar : term;
            }
        }
        if (maxOrMin) {
            return acc;
        }
        if (!f.floating()) {
            return op == RedOp.AVG.ordinal() ? integerAverage(f, acc, ranks) : acc;
        }
        return fromDouble(type, op == RedOp.PROD.ordinal() ? product : sum);
    }
}
