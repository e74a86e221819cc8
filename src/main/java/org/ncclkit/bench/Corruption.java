package org.ncclkit.bench;

import java.util.Arrays;
import java.util.Optional;

import org.ncclkit.collective.DataType;
import org.ncclkit.gpu.VerifyKernels;

/**
 * The test-only corruptions of {@code perf --corrupt-for-test=KIND}, each injected into the first check of every row
 * to prove that the check catches it (#wrong > 0, exit 7). Every kind but {@link #RANK} acts on rank 0's received
 * data (or, for {@link #NONROOT}, on the rank after the root) between the operation and the check.
 */
public enum Corruption {
    /** One byte's bits flipped. */
    BITS("bits"),
    /** Elements [m, 2m) copied over [0, m), m = min(16, count / 2): right values at the wrong positions. */
    POSITION("position"),
    /** Rank 0 sends rank 1's input: data from the wrong rank (needs two ranks or more). */
    RANK("rank"),
    /** The first 16 elements hold what the previous check left there: stale data. */
    STALE("stale"),
    /** One byte written into the receive buffer of the rank after the root, where reduce and gather write nothing. */
    NONROOT("nonroot"),
    /** The first +0 or -0 becomes the other zero (floating types): the check is bitwise. */
    ZERO("zero");

    private static final long STALE_ELEMENTS = 16;

    private final String label;

    Corruption(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Corruption> byLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst();
    }

    /** The rank whose input {@code rank} sends. */
    int inputRank(int rank) {
        return this == RANK && rank == 0 ? 1 : rank;
    }

    /** Corrupts what {@code r} received at {@code recv}, between the operation and its check with {@code seed}. */
    void inject(LocalRank r, long recv, DataType type, ExpectedOutput expected, long seed, int ranks, int root, int operation) {
        boolean target = this == NONROOT ? r.rank == (Math.max(root, 0) + 1) % ranks : r.rank == 0;
        ExpectedOutput.Region first = expected.regions().getFirst();
        if (!target || first.count() == 0) {
            return;
        }
        VerifyKernels k = r.kernels;
        switch (this) {
            case BITS, NONROOT -> k.corruptByte(recv, r.stream);
            case POSITION -> k.corruptPosition(type, recv, first.count(), r.stream);
            case STALE -> k.writeExpected(type, recv, Math.min(STALE_ELEMENTS, first.count()), seed - 1, ranks,
                    first.expectation(), operation, r.stream);
            case ZERO -> {
                if (type.floating()) {
                    k.corruptSignOfZero(type, recv, first.count(), r.stream);
                }
            }
            case RANK -> { } // in the input: see inputRank
        }
    }
}
