package org.ncclkit.bench;

import java.util.function.Supplier;

import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.UniqueId;

/**
 * Where this process's ranks sit in the whole run: the number of ranks, the global rank of its first local rank,
 * the first CUDA device it uses, and how it obtains the run's {@code ncclUniqueId} (made here, or received from
 * rank 0 through a launcher's rendezvous).
 */
public record WorldPlacement(int worldSize, int firstRank, int firstDevice, Supplier<UniqueId> uniqueId) {

    /** A run contained in this process: it makes the unique id itself; {@code NCCL_TESTS_DEVICE} offsets the GPUs. */
    public static WorldPlacement singleProcess(int localRanks, String ncclTestsDevice) {
        int firstDevice = ncclTestsDevice == null || ncclTestsDevice.isBlank() ? 0 : Integer.parseInt(ncclTestsDevice.trim());
        return new WorldPlacement(localRanks, 0, firstDevice, Nccl::uniqueId);
    }
}
