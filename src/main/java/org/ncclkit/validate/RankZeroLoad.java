package org.ncclkit.validate;

/**
 * What one round of a pair step costs rank 0's rendezvous store, counted from the calls {@link PairRounds} makes:
 * the broadcast of the number of waves, then for each wave the plan's broadcast (each rank's peer, 4 bytes a rank),
 * the plugin step's all-gather of listen handles (128 bytes a rank, to every rank) or the p2p step's barrier, and the
 * gather of results (one JSON line a rank, about 200 bytes). Each collective is one request in and one reply out per
 * rank.
 */
public record RankZeroLoad(long frames, long bytesIn, long bytesOut) {
    public static final RankZeroLoad NONE = new RankZeroLoad(0, 0, 0);
    static final int PLAN_BYTES_PER_RANK = 4;
    static final int HANDLE_BYTES = 128;
    static final int RESULT_BYTES_PER_RANK = 200;

    /** One round of the plugin step over {@code nodes} ranks in {@code waves} waves. */
    public static RankZeroLoad pluginRound(long nodes, long waves) {
        return new RankZeroLoad((2 + 6 * waves) * nodes, nodes * 4 + waves * nodes * (HANDLE_BYTES + RESULT_BYTES_PER_RANK),
                nodes * 4 + waves * nodes * nodes * (PLAN_BYTES_PER_RANK + HANDLE_BYTES));
    }

    /** One round of the NCCL p2p step (NCCL's own connections do not pass through the store). */
    public static RankZeroLoad p2pRound(long nodes, long waves) {
        return new RankZeroLoad((2 + 6 * waves) * nodes, nodes * 4 + waves * nodes * RESULT_BYTES_PER_RANK,
                nodes * 4 + waves * nodes * nodes * PLAN_BYTES_PER_RANK);
    }

    public RankZeroLoad plus(RankZeroLoad other) {
        return new RankZeroLoad(frames + other.frames, bytesIn + other.bytesIn, bytesOut + other.bytesOut);
    }

}
