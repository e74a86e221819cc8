package org.ncclkit.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which ranks exchange in which round: the round-robin tournament's circle method, so that every pair of ranks meets
 * exactly once and no rank is in two pairs of one round. N ranks take N-1 rounds; an odd N gets a bye (one rank idle
 * per round) and takes N rounds.
 */
public final class PairSchedule {
    private final int ranks;
    private final List<List<RankPair>> rounds;

    private PairSchedule(int ranks, List<List<RankPair>> rounds) {
        this.ranks = ranks;
        this.rounds = rounds;
    }

    public static PairSchedule of(int ranks) {
        if (ranks < 2) {
            throw new IllegalArgumentException("pairs need at least 2 ranks, not " + ranks);
        }
        int players = ranks % 2 == 0 ? ranks : ranks + 1; // the extra player is the bye
        int[] circle = new int[players];
        Arrays.setAll(circle, i -> i);
        List<List<RankPair>> rounds = new ArrayList<>();
        for (int r = 0; r < players - 1; r++) {
            List<RankPair> round = new ArrayList<>();
            for (int i = 0; i < players / 2; i++) {
                int a = circle[i];
                int b = circle[players - 1 - i];
                if (a < ranks && b < ranks) {
                    round.add(RankPair.of(a, b));
                }
            }
            rounds.add(List.copyOf(round));
            rotateAllButFirst(circle);
        }
        return new PairSchedule(ranks, List.copyOf(rounds));
    }

    private static void rotateAllButFirst(int[] circle) {
        int last = circle[circle.length - 1];
        System.arraycopy(circle, 1, circle, 2, circle.length - 2);
        circle[1] = last;
    }

    public int ranks() {
        return ranks;
    }

    public List<List<RankPair>> rounds() {
        return rounds;
    }

    /** The rank that {@code rank} exchanges with in round {@code round}; empty when it sits the round out. */
    public OptionalInt peer(int round, int rank) {
        return rounds.get(round).stream().filter(p -> p.contains(rank)).mapToInt(p -> p.peerOf(rank)).findFirst();
    }

    /** The first round in which {@code rank} exchanges with anyone (0, or 1 for the rank that has the first bye). */
    public int firstRound(int rank) {
        for (int r = 0; r < rounds.size(); r++) {
            if (peer(r, rank).isPresent()) {
                return r;
            }
        }
        throw new IllegalArgumentException("rank " + rank + " is not one of " + ranks);
    }
}
