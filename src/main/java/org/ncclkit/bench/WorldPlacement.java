package org.ncclkit.bench;

import org.ncclkit.collective.CNumbers;

/**
 * Where this process's ranks sit in the run: {@code worldSize} is the size of the communicator they join (every
 * rank, or this process's {@code NCCL_TESTS_SPLIT} group), {@code firstRank} the rank of the first local rank in it,
 * {@code color} the group, {@code firstWorldRank} the first local rank counted over every process (the
 * {@code Rank} of the device lines), {@code firstDevice} the first CUDA device, {@code leaderProcess} the process that makes the
 * communicator's unique id (the first of its group), and {@code group} every process of the run (times, checks and barriers span all of them, as nccl-tests' use {@code MPI_COMM_WORLD}). As in nccl-tests,
 * the {@code l}-th process of a node starts at device {@code l × localRanks} unless {@code NCCL_TESTS_DEVICE} names
 * the first device outright.
 */
public record WorldPlacement(int worldSize, int firstRank, int firstDevice, ProcessGroup group, int color,
                             int firstWorldRank, int leaderProcess) {

    /** A run without split: one communicator of every rank. */
    public WorldPlacement(int worldSize, int firstRank, int firstDevice, ProcessGroup group) {
        this(worldSize, firstRank, firstDevice, group, 0, firstRank, 0);
    }

    /** This process's share of a run of {@code group.size()} processes, each driving {@code localRanks} ranks. */
    public static WorldPlacement of(ProcessGroup group, int localProcessIndex, int localRanks, String ncclTestsDevice) {
        return of(group, localProcessIndex, localRanks, ncclTestsDevice, null, null);
    }

    /** The same, with nccl-tests' {@code NCCL_TESTS_SPLIT_MASK} and {@code NCCL_TESTS_SPLIT} (null when unset). */
    public static WorldPlacement of(ProcessGroup group, int localProcessIndex, int localRanks, String ncclTestsDevice,
                                    String splitMask, String split) {
        int firstDevice = ncclTestsDevice != null ? CNumbers.atoi(ncclTestsDevice) : localProcessIndex * localRanks;
        int color = SplitRule.color(splitMask, split, group.rank());
        int members = 0;
        int before = 0;
        int leader = -1;
        for (int process = 0; process < group.size(); process++) {
            if (SplitRule.color(splitMask, split, process) == color) {
                members++;
                before += process < group.rank() ? 1 : 0;
                leader = leader < 0 ? process : leader;
            }
        }
        return new WorldPlacement(members * localRanks, before * localRanks, firstDevice, group, color,
                group.rank() * localRanks, leader);
    }

    /** Whether the processes are split into several communicators. */
    public boolean split(int localRanks) {
        return worldSize != group.size() * localRanks;
    }
}
