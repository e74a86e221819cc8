package org.ncclkit.rendezvous;

/** The collective a client asks for in an OP frame; every rank must ask for the same one at the same sequence number. */
enum Operation {
    BROADCAST(1, "broadcast", true),
    BARRIER(2, "barrier", false),
    GATHER(3, "gather", true),
    ALL_GATHER(4, "allGather", false),
    ALL_REDUCE_SUM(5, "allReduce(SUM)", false),
    ALL_REDUCE_MIN(6, "allReduce(MIN)", false),
    ALL_REDUCE_MAX(7, "allReduce(MAX)", false);

    final byte code;
    final String name;
    final boolean rooted;

    Operation(int code, String name, boolean rooted) {
        this.code = (byte) code;
        this.name = name;
        this.rooted = rooted;
    }

    static Operation allReduce(Reduction op) {
        return switch (op) {
            case SUM -> ALL_REDUCE_SUM;
            case MIN -> ALL_REDUCE_MIN;
            case MAX -> ALL_REDUCE_MAX;
        };
    }

    boolean isReduction() {
        return this == ALL_REDUCE_SUM || this == ALL_REDUCE_MIN || this == ALL_REDUCE_MAX;
    }

    Reduction reduction() {
        return switch (this) {
            case ALL_REDUCE_SUM -> Reduction.SUM;
            case ALL_REDUCE_MIN -> Reduction.MIN;
            case ALL_REDUCE_MAX -> Reduction.MAX;
            default -> throw new IllegalStateException(name + " is not a reduction");
        };
    }

    static Operation ofCode(byte code) {
        for (Operation op : values()) {
            if (op.code == code) {
                return op;
            }
        }
        return null;
    }

    /** "broadcast(root 0)", "barrier", "allReduce(SUM)". */
    String describe(int root) {
        return rooted ? name + "(root " + root + ")" : name;
    }
}
