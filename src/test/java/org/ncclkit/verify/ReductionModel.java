package org.ncclkit.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;

/**
 * NCCL's reductions of one element over all ranks, step by step in the element type ({@link NcclArithmetic}), in the
 * orders NCCL's algorithms use: a ring (reduce-scatter, all-reduce, reduce: the partial result travels around the
 * ring, each rank adding its own input), the double binary tree of all-reduce ({@code ncclGetBtree}: each node
 * reduces its own input with its children's results), one rounding of the exact sum (accumulators wider than the
 * type: NVLS, symmetric kernels), and random bracketings. The pre-op (PreMulSum: mulsum's per-rank scalar, avg's
 * 1/n for floating types) is applied once to each rank's input; the post-op (integer avg: divide) once at the end.
 */
final class ReductionModel {
    private final DataType type;
    private final RedOp op;
    private final int ranks;
    private final long[] terms;

    /** {@code inputs[r]} is the element rank r sends. */
    ReductionModel(DataType type, RedOp op, long[] inputs) {
        this.type = type;
        this.op = op;
        this.ranks = inputs.length;
        this.terms = new long[ranks];
        for (int r = 0; r < ranks; r++) {
            terms[r] = preOp(inputs[r], r);
        }
    }

    /** The ring that visits ranks in {@code order} and starts at {@code order[start]}. */
    long ring(int[] order, int start) {
        long acc = terms[order[start]];
        for (int step = 1; step < ranks; step++) {
            acc = reduce(acc, terms[order[(start + step) % ranks]]);
        }
        return postOp(acc);
    }

    /** NCCL's first binary tree, or with {@code second} the other one of its double binary tree. */
    long tree(boolean second) {
        List<List<Integer>> children = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            children.add(new ArrayList<>());
        }
        int root = -1;
        for (int r = 0; r < ranks; r++) {
            int position = second ? secondTreePosition(r) : r;
            int parentPosition = btreeParent(position, ranks);
            if (parentPosition < 0) {
                root = r;
            } else {
                children.get(second ? secondTreeRank(parentPosition) : parentPosition).add(r);
            }
        }
        return postOp(subtree(root, children));
    }

    /** A random binary bracketing of a random permutation of the ranks. */
    long randomBracketing(Random random) {
        List<Long> pending = new ArrayList<>();
        for (long t : terms) {
            pending.add(t);
        }
        while (pending.size() > 1) {
            int i = random.nextInt(pending.size());
            long a = pending.remove(i);
            int j = random.nextInt(pending.size());
            pending.set(j, random.nextBoolean() ? reduce(a, pending.get(j)) : reduce(pending.get(j), a));
        }
        return postOp(pending.getFirst());
    }

    /** The exact reduction rounded once: what an accumulator wider than the element type gives. */
    long roundedOnce() {
        if (!type.floating() || op == RedOp.MAX || op == RedOp.MIN || op == RedOp.PROD) {
            return ring(identity(), 0);
        }
        double exact = -0.0;
        for (long t : terms) {
            exact += NcclArithmetic.value(type, t);
        }
        return postOp(NcclArithmetic.bits(type, exact));
    }

    /**
     * Floating avg as NCCL's symmetric-memory kernels do it ({@code symmetric_sched.cc}: ncclAvg becomes
     * SumPostDiv): the raw inputs summed in a wider accumulator (float for half and bfloat16, half for fp8), then
     * multiplied by 1/n in that accumulator, then rounded to the type.
     */
    long sumThenScale(long[] inputs) {
        double sum = -0.0;
        for (long x : inputs) {
            sum += NcclArithmetic.value(type, x);
        }
        double scaled;
        if (type == DataType.DOUBLE) {
            scaled = sum * (1.0 / ranks);
        } else if (type == DataType.F8E4M3 || type == DataType.F8E5M2) {
            double scalar = LowPrecision.toDouble(LowPrecision.HALF, LowPrecision.fromDouble(LowPrecision.HALF, (float) (1.0 / ranks)));
            scaled = LowPrecision.toDouble(LowPrecision.HALF, LowPrecision.fromDouble(LowPrecision.HALF, sum * scalar));
        } else {
            scaled = (float) sum * (float) (1.0 / ranks);
        }
        return NcclArithmetic.bits(type, scaled);
    }

    int[] identity() {
        int[] order = new int[ranks];
        for (int i = 0; i < ranks; i++) {
            order[i] = i;
        }
        return order;
    }

    private long subtree(int node, List<List<Integer>> children) {
        long acc = terms[node];
        for (int child : children.get(node)) {
            acc = reduce(acc, subtree(child, children));
        }
        return acc;
    }

    /** ncclGetBtree: root 0; a rank's parent clears its lowest set bit and sets the next, or just clears it. */
    static int btreeParent(int position, int ranks) {
        if (position == 0) {
            return -1;
        }
        int bit = Integer.lowestOneBit(position);
        int up = (position ^ bit) | (bit << 1);
        return up >= ranks ? position ^ bit : up;
    }

    /** The second tree mirrors the first for an even rank count and shifts it by one for an odd one. */
    private int secondTreePosition(int rank) {
        return ranks % 2 == 1 ? (rank - 1 + ranks) % ranks : ranks - 1 - rank;
    }

    private int secondTreeRank(int position) {
        return ranks % 2 == 1 ? (position + 1) % ranks : ranks - 1 - position;
    }

    private long preOp(long x, int rank) {
        if (op == RedOp.MULSUM) {
            return NcclArithmetic.preMultiply(type, x, scalarOne(RedOp.preMulSumScalar(rank)));
        }
        if (op == RedOp.AVG && type.floating()) {
            return NcclArithmetic.preMultiply(type, x, NcclArithmetic.averageScalar(type, ranks));
        }
        return x;
    }

    private long scalarOne(int value) {
        return type.floating() ? NcclArithmetic.bits(type, value) : value;
    }

    private long reduce(long a, long b) {
        return switch (op) {
            case PROD -> NcclArithmetic.product(type, a, b);
            case MAX -> NcclArithmetic.max(type, a, b);
            case MIN -> NcclArithmetic.min(type, a, b);
            case SUM, AVG, MULSUM -> NcclArithmetic.sum(type, a, b);
        };
    }

    private long postOp(long acc) {
        return op == RedOp.AVG && !type.floating() ? NcclArithmetic.postDivide(type, acc, ranks) : acc;
    }
}
