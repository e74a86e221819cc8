package org.ncclkit.collective;

import java.util.Arrays;
import java.util.Optional;

/** NCCL's data types ({@code ncclDataType_t}) with the names nccl-tests uses on its command line and in its table. */
public enum DataType {
    INT8("int8", 0, 1, false, 0),
    UINT8("uint8", 1, 1, false, 0),
    INT32("int32", 2, 4, false, 0),
    UINT32("uint32", 3, 4, false, 0),
    INT64("int64", 4, 8, false, 0),
    UINT64("uint64", 5, 8, false, 0),
    HALF("half", 6, 2, true, 0),
    FLOAT("float", 7, 4, true, 0),
    DOUBLE("double", 8, 8, true, 0),
    BFLOAT16("bfloat16", 9, 2, true, 0),
    F8E4M3("f8e4m3", 10, 1, true, 90),
    F8E5M2("f8e5m2", 11, 1, true, 90);

    private final String label;
    private final int ncclCode;
    private final int bytes;
    private final boolean floating;
    private final int minComputeCapability;

    DataType(String label, int ncclCode, int bytes, boolean floating, int minComputeCapability) {
        this.label = label;
        this.ncclCode = ncclCode;
        this.bytes = bytes;
        this.floating = floating;
        this.minComputeCapability = minComputeCapability;
    }

    /** The name in nccl-tests' {@code -d} option and its {@code type} column. */
    public String label() { return label; }

    public int ncclCode() { return ncclCode; }

    public int bytes() { return bytes; }

    public boolean floating() { return floating; }

    /** Compute capability ×10 that NCCL needs for this type (90 for fp8), 0 for any. */
    public int minComputeCapability() { return minComputeCapability; }

    public static Optional<DataType> byLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst();
    }
}
