package org.ncclkit.collective;

import java.util.Arrays;
import java.util.Optional;

/**
 * The collectives nccl-tests measures, with its byte formulas, its per-rank count rounding (to 16-byte multiples)
 * and its bus-bandwidth factors ({@code doc/PERFORMANCE.md}).
 */
public enum Collective {
    ALL_REDUCE("all_reduce", true, false),
    ALL_GATHER("all_gather", false, false),
    REDUCE_SCATTER("reduce_scatter", true, false),
    BROADCAST("broadcast", false, true),
    REDUCE("reduce", true, true),
    ALLTOALL("alltoall", false, false),
    GATHER("gather", false, true),
    SCATTER("scatter", false, true),
    SENDRECV("sendrecv", false, false),
    HYPERCUBE("hypercube", false, false),
    /** Per-peer shares of {@link AllToAllvPattern#active()}; bandwidth from the busiest rank's bytes. */
    ALLTOALLV("alltoallv", false, false);

    private final String label;
    private final boolean reduces;
    private final boolean rooted;

    Collective(String label, boolean reduces, boolean rooted) {
        this.label = label;
        this.reduces = reduces;
        this.rooted = rooted;
    }

    /** The name without {@code _perf}: {@code all_reduce} for {@code all_reduce_perf}. */
    public String label() { return label; }

    /** Whether the collective takes a reduction operation (else the table prints {@code none}). */
    public boolean reduces() { return reduces; }

    /** Whether the collective has a root (else the table prints -1). */
    public boolean rooted() { return rooted; }

    /**
     * The {@code redop} column as nccl-tests prints it: the operation for reductions and (a quirk kept for parsers)
     * for sendrecv, an empty string for hypercube, {@code none} for the rest.
     */
    public String tableRedop(RedOp op) {
        return switch (this) {
            case ALL_REDUCE, REDUCE_SCATTER, REDUCE, SENDRECV -> op.label();
            case HYPERCUBE -> "";
            default -> "none";
        };
    }

    /**
     * In-place sendrecv and alltoall overwrite data that peers are still reading (NCCL leaves the result undefined),
     * so nccl-tests reports their in-place check as N/A; on 2 GPUs an in-place alltoall does come out wrong.
     */
    public boolean checksInPlace() {
        return this != SENDRECV && this != ALLTOALL && this != ALLTOALLV;
    }

    public static Optional<Collective> byLabel(String label) {
        String name = label.endsWith("_perf") ? label.substring(0, label.length() - 5) : label;
        return Arrays.stream(values()).filter(c -> c.label.equals(name)).findFirst();
    }

    /** The counts for a requested size in bytes ({@code count = bytes / element size}, then per-collective rounding). */
    public BufferPlan plan(long bytes, DataType type, int ranks) {
        long count = bytes / type.bytes();
        long base = (count / ranks) & -(16L / type.bytes());
        return switch (this) {
            case ALL_REDUCE, BROADCAST, REDUCE, SENDRECV -> new BufferPlan(count, count, count, 0, 0);
            case ALL_GATHER, GATHER, HYPERCUBE -> new BufferPlan(base, base * ranks, base, base, 0);
            case REDUCE_SCATTER, SCATTER -> new BufferPlan(base * ranks, base, base, 0, base);
            case ALLTOALL -> new BufferPlan(base * ranks, base * ranks, base, 0, 0);
            case ALLTOALLV -> {
                AllToAllvPattern pattern = AllToAllvPattern.active();
                long perPeer = pattern.paramCount(count, type, ranks);
                long[] max = pattern.maxCounts(type, ranks, perPeer * ranks * type.bytes());
                yield new BufferPlan(max[0], max[1], perPeer, 0, 0);
            }
        };
    }

    /** The bytes that algorithm bandwidth divides by time, from the count passed to NCCL. */
    public double algorithmBytes(long paramCount, DataType type, int ranks) {
        double bytes = (double) paramCount * type.bytes();
        return switch (this) {
            case ALL_REDUCE, BROADCAST, REDUCE, SENDRECV -> bytes;
            case ALL_GATHER, REDUCE_SCATTER, ALLTOALL, GATHER, SCATTER -> bytes * ranks;
            case HYPERCUBE -> bytes * (ranks - 1);
            case ALLTOALLV -> {
                long[] max = AllToAllvPattern.active().maxCounts(type, ranks, paramCount * ranks * type.bytes());
                yield (double) Math.max(max[0], max[1]) * type.bytes();
            }
        };
    }

    /** busbw = algbw × factor: the bandwidth a flat ring would need on each link. */
    public double busBandwidthFactor(int ranks) {
        return switch (this) {
            case ALL_REDUCE -> 2.0 * (ranks - 1) / ranks;
            case ALL_GATHER, REDUCE_SCATTER, ALLTOALL, ALLTOALLV, GATHER, SCATTER -> (double) (ranks - 1) / ranks;
            case BROADCAST, REDUCE, SENDRECV, HYPERCUBE -> 1.0;
        };
    }
}
