package org.ncclkit.bench;

import java.util.List;
import java.util.function.Supplier;

import org.ncclkit.ffi.UniqueId;

/**
 * The processes of one run as the perf engine needs them (nccl-tests does this with MPI): share the
 * {@code ncclUniqueId}, line up before timing, and combine times, wrong counts and device lines across processes.
 * Every process calls the same operations in the same order.
 */
public interface ProcessGroup {

    /** This process's index among the run's processes. */
    int rank();

    /** How many processes the run has. */
    int size();

    /** Rank 0 makes the id; every process returns rank 0's. */
    UniqueId shareUniqueId(Supplier<UniqueId> makeOnRankZero);

    /** Returns once every process has called it. */
    void barrier();

    /** nccl-tests' {@code -a} across processes: 0 rank 0's value, 1 the mean, 2 the minimum, 3 the maximum. */
    double combine(int mode, double local);

    long sum(long local);


    /** Rank 0 gets every process's text in rank order; the others get an empty list. */
    List<String> gatherToRankZero(String mine);

    /** Every process gets every process's text in rank order. */
    List<String> allGather(String mine);


    /** A run of one process: every operation is local. */
    static ProcessGroup alone() {
        return SingleProcess.INSTANCE;
    }
}
