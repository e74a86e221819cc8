package org.ncclkit.bench;

/**
 * Where this process's ranks sit in the whole run: the number of ranks, the global rank of its first local rank,
 * the first CUDA device it uses, and the process group it shares the run with. Like nccl-tests, process {@code p}
 * drives ranks {@code p × localRanks} onwards, and the {@code l}-th process of a node starts at device
 * {@code l × localRanks}, offset by {@code NCCL_TESTS_DEVICE}.
 */
public record WorldPlacement(int worldSize, int firstRank, int firstDevice, ProcessGroup group) {

    /** This process's share of a run of {@code group.size()} processes, each driving {@code localRanks} ranks. */
    public static WorldPlacement of(ProcessGroup group, int localProcessIndex, int localRanks, String ncclTestsDevice) {
        int offset = ncclTestsDevice == null || ncclTestsDevice.isBlank() ? 0 : Integer.parseInt(ncclTestsDevice.trim());
        return new WorldPlacement(group.size() * localRanks, group.rank() * localRanks,
                offset + localProcessIndex * localRanks, group);
    }
}
