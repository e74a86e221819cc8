package org.ncclkit.collective;

import java.util.Arrays;
import java.util.Optional;

/**
 * Reduction operations as nccl-tests names them. {@code mulsum} is NCCL's PreMulSum: each rank's input is
 * multiplied by a per-rank scalar (1 on even ranks, 2 on odd ones, as nccl-tests does) before the sum.
 */
public enum RedOp {
    SUM("sum", 0),
    PROD("prod", 1),
    MAX("max", 2),
    MIN("min", 3),
    AVG("avg", 4),
    MULSUM("mulsum", -1);

    private final String label;
    private final int ncclCode;

    RedOp(String label, int ncclCode) {
        this.label = label;
        this.ncclCode = ncclCode;
    }

    public String label() { return label; }

    /** {@code ncclRedOp_t}; -1 for {@link #MULSUM}, which is created per communicator. */
    public int ncclCode() { return ncclCode; }

    /** The PreMulSum scalar of a rank. */
    public static int preMulSumScalar(int rank) {
        return rank % 2 == 0 ? 1 : 2;
    }

    public static Optional<RedOp> byLabel(String label) {
        return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst();
    }
}
