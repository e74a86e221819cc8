package org.ncclkit.validate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.ncclkit.check.PeerSide;
import org.ncclkit.check.RankPair;
import org.ncclkit.report.Json;
import org.ncclkit.rendezvous.RendezvousClient;

/**
 * Runs a {@link PairSearch} over the ranks of a launched run, one rank per node: round after round rank 0 plans the
 * pairs, broadcasts each rank's peer, every rank runs its side of the pair test (or stands by), and rank 0 gathers
 * the sides, joins them into pair outcomes and judges the round. A round of more than {@code maxPairs} pairs runs in
 * waves of at most that many, so that a spine that cannot carry N/2 pairs at once is not what is measured. Rank 0
 * stops planning when the deadline has passed; the suspects left are reported as such.
 */
public final class PairRounds {
    /** One rank's side of a pair test, given the pairs running at once and its own peer (empty: it stands by). */
    public interface PairTest {
        PeerSide test(List<RankPair> running, OptionalInt peer);
    }

    /** Rank 0's account of a round as it ends: the round, how many waves it took, and the time that is left. */
    public record RoundReport(PairSearch.Round round, int waves, Duration left) {
    }

    private final RendezvousClient client;
    private final int maxPairs;

    public PairRounds(RendezvousClient client, int maxPairs) {
        this.client = client;
        this.maxPairs = maxPairs;
    }

    /**
     * Runs the search to its end on every rank. Rank 0 passes the search (its ranks are the search's nodes, in
     * order) and gets it back judged; the others pass empty and get empty.
     */
    public Optional<PairSearch> run(Optional<PairSearch> search, PairTest test, Deadline deadline,
                                    Consumer<RoundReport> onRound) {
        boolean root = client.rank() == 0;
        while (true) {
            List<RankPair> planned = root ? search.get().nextRound().filter(p -> !deadline.passed()).orElse(List.of()) : null;
            List<List<RankPair>> waves = root ? waves(planned) : null;
            int waveCount = decodeInt(client.broadcast(0, root ? encodeInt(waves.size()) : null));
            if (waveCount == 0) {
                return search;
            }
            List<PeerSide> sides = new ArrayList<>();
            for (int w = 0; w < waveCount; w++) {
                int[] peers = decodePeers(client.broadcast(0, root ? encodePeers(waves.get(w)) : null));
                List<RankPair> running = pairsOf(peers);
                int peer = peers[client.rank()];
                PeerSide mine = test.test(running, peer < 0 ? OptionalInt.empty() : OptionalInt.of(peer));
                List<byte[]> all = client.gather(0, Json.write(mine).getBytes(StandardCharsets.UTF_8));
                if (root) {
                    all.forEach(bytes -> sides.add(Json.MAPPER.readValue(new String(bytes, StandardCharsets.UTF_8), PeerSide.class)));
                }
            }
            if (root) {
                PairSearch.Round round = search.get().record(outcomes(planned, sides));
                onRound.accept(new RoundReport(round, waveCount, deadline.left()));
            }
        }
    }

    private List<List<RankPair>> waves(List<RankPair> pairs) {
        List<List<RankPair>> waves = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += maxPairs) {
            waves.add(pairs.subList(i, Math.min(pairs.size(), i + maxPairs)));
        }
        return waves;
    }

    /** Each planned pair's outcome from its two sides: each way the receiver's bandwidth, the worse latency, all wrong. */
    static List<PairOutcome> outcomes(List<RankPair> planned, List<PeerSide> sides) {
        Map<Integer, PeerSide> byRank = new HashMap<>();
        sides.stream().filter(s -> !s.idle()).forEach(s -> byRank.put(s.rank(), s));
        List<PairOutcome> outcomes = new ArrayList<>();
        for (RankPair pair : planned) {
            PeerSide low = byRank.get(pair.low());
            PeerSide high = byRank.get(pair.high());
            if (low == null || high == null || low.peer() != pair.high() || high.peer() != pair.low()) {
                outcomes.add(PairOutcome.failed(pair, "rank " + (low == null ? pair.low() : pair.high()) + " reported no result"));
                continue;
            }
            String error = low.error() != null ? "rank " + low.rank() + ": " + low.error()
                    : high.error() != null ? "rank " + high.rank() + ": " + high.error() : null;
            outcomes.add(new PairOutcome(pair, high.receiveGBps(), low.receiveGBps(),
                    Math.max(low.latencyMicros(), high.latencyMicros()), low.wrong() + high.wrong(), error));
        }
        return outcomes;
    }

    private int[] peersOf(List<RankPair> pairs) {
        int[] peers = new int[client.worldSize()];
        Arrays.fill(peers, -1);
        for (RankPair p : pairs) {
            peers[p.low()] = p.high();
            peers[p.high()] = p.low();
        }
        return peers;
    }

    private static List<RankPair> pairsOf(int[] peers) {
        List<RankPair> pairs = new ArrayList<>();
        for (int rank = 0; rank < peers.length; rank++) {
            if (peers[rank] > rank) {
                pairs.add(RankPair.of(rank, peers[rank]));
            }
        }
        return pairs;
    }

    private byte[] encodePeers(List<RankPair> pairs) {
        int[] peers = peersOf(pairs);
        ByteBuffer buffer = ByteBuffer.allocate(peers.length * RankZeroLoad.PLAN_BYTES_PER_RANK);
        buffer.asIntBuffer().put(peers);
        return buffer.array();
    }

    private static int[] decodePeers(byte[] bytes) {
        int[] peers = new int[bytes.length / RankZeroLoad.PLAN_BYTES_PER_RANK];
        ByteBuffer.wrap(bytes).asIntBuffer().get(peers);
        return peers;
    }

    private static byte[] encodeInt(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static int decodeInt(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt();
    }
}
