package org.ncclkit.validate;

/**
 * What one round of a pair step (in one wave) costs rank 0's rendezvous store, counted from the calls
 * {@link PairRounds} makes: the broadcast of the number of waves, the plan's broadcast (each rank's peer, 4 bytes a
 * rank), the plugin step's all-gather of listen handles (128 bytes a rank, to every rank) or the p2p step's barrier,
 * and the gather of results (one JSON line a rank, about 200 bytes). Each collective is one request in and one reply
 * out per rank.
 */
public record RankZeroLoad(long frames, long bytesIn, long bytesOut) {
    static final int PLAN_BYTES_PER_RANK = 4;
    static final int HANDLE_BYTES = 128;
    static final int RESULT_BYTES_PER_RANK = 200;

    /** One round of the plugin step over {@code nodes} ranks. */
    public static RankZeroLoad pluginRound(long nodes) {
        return new RankZeroLoad(8 * nodes, nodes * (HANDLE_BYTES + RESULT_BYTES_PER_RANK),
                nodes * nodes * (PLAN_BYTES_PER_RANK + HANDLE_BYTES));
    }

    /** One round of the NCCL p2p step over {@code nodes} ranks (NCCL's own connections do not pass through the store). */
    public static RankZeroLoad p2pRound(long nodes) {
        return new RankZeroLoad(8 * nodes, nodes * RESULT_BYTES_PER_RANK, nodes * nodes * PLAN_BYTES_PER_RANK);
    }

    public RankZeroLoad times(long rounds) {
        return new RankZeroLoad(frames * rounds, bytesIn * rounds, bytesOut * rounds);
    }
}
