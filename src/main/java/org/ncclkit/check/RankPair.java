package org.ncclkit.check;

import java.util.Comparator;

/** Two distinct ranks that exchange data with each other, the lower rank first. */
public record RankPair(int low, int high) implements Comparable<RankPair> {
    private static final Comparator<RankPair> ORDER =
            Comparator.comparingInt(RankPair::low).thenComparingInt(RankPair::high);

    public RankPair {
        if (low < 0 || low >= high) {
            throw new IllegalArgumentException("a pair needs two ranks, lower first: " + low + ", " + high);
        }
    }

    public static RankPair of(int a, int b) {
        return new RankPair(Math.min(a, b), Math.max(a, b));
    }

    /** The other rank of the pair; {@code rank} must be one of its two. */
    public int peerOf(int rank) {
        if (rank != low && rank != high) {
            throw new IllegalArgumentException("rank " + rank + " is not in " + this);
        }
        return rank == low ? high : low;
    }

    public boolean contains(int rank) {
        return rank == low || rank == high;
    }

    @Override
    public int compareTo(RankPair other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return low + "-" + high;
    }
}
