package org.ncclkit.collective;

/** The raw little-endian bits of a power-of-two scalar in each data type, as NCCL's PreMulSum reads it from the host. */
public final class ScalarBits {
    private ScalarBits() {
    }

    /** Bits of {@code value} (1, 2, 4, ...) in {@code type}'s format. */
    public static long of(DataType type, int value) {
        if (Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException("PreMulSum scalars here are powers of two, not " + value);
        }
        int log2 = Integer.numberOfTrailingZeros(value);
        return switch (type) {
            case INT8, UINT8, INT32, UINT32, INT64, UINT64 -> value;
            case HALF -> Float.floatToFloat16(value) & 0xffffL;
            case FLOAT -> Float.floatToRawIntBits(value) & 0xffffffffL;
            case DOUBLE -> Double.doubleToRawLongBits(value);
            case BFLOAT16 -> (Float.floatToRawIntBits(value) >>> 16) & 0xffffL;
            case F8E4M3 -> (long) (7 + log2) << 3;
            case F8E5M2 -> (long) (15 + log2) << 2;
        };
    }
}
