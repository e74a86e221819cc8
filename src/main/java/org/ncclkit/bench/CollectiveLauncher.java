package org.ncclkit.bench;

import org.ncclkit.collective.AllToAllvPattern;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaStream;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.NcclComm;

/**
 * Enqueues one operation of a collective for one rank, the way nccl-tests does: NCCL's own collectives where NCCL
 * has them (all-to-all, gather and scatter since NCCL 2.28), grouped send/receive otherwise and for the
 * send/receive ring and the hypercube.
 */
final class CollectiveLauncher {
    private static final boolean NATIVE_ALL_TO_ALL = Nccl.hasNativeAllToAll();

    private CollectiveLauncher() {
    }

    /** Enqueues the operation; {@code op} is the NCCL reduction handle (ignored by non-reducing collectives). */
    static void enqueue(Collective collective, long send, long recv, BufferPlan plan, DataType type, int op, int root,
                        int rank, int ranks, NcclComm comm, CudaStream stream) {
        int dt = type.ncclCode();
        long count = plan.paramCount();
        long blockBytes = count * type.bytes();
        switch (collective) {
            case ALL_REDUCE -> Nccl.allReduce(send, recv, count, dt, op, comm, stream);
            case ALL_GATHER -> Nccl.allGather(send, recv, count, dt, comm, stream);
            case REDUCE_SCATTER -> Nccl.reduceScatter(send, recv, count, dt, op, comm, stream);
            case BROADCAST -> Nccl.broadcast(send, recv, count, dt, root, comm, stream);
            case REDUCE -> Nccl.reduce(send, recv, count, dt, op, root, comm, stream);
            case ALLTOALL -> {
                if (NATIVE_ALL_TO_ALL) {
                    Nccl.allToAll(send, recv, count, dt, comm, stream);
                    return;
                }
                Nccl.groupStart();
                for (int peer = 0; peer < ranks; peer++) {
                    Nccl.send(send + peer * blockBytes, count, dt, peer, comm, stream);
                    Nccl.recv(recv + peer * blockBytes, count, dt, peer, comm, stream);
                }
                Nccl.groupEnd();
            }
            case GATHER -> {
                if (count == 0) {
                    return; // nothing to move; nccl-tests skips the call too
                }
                if (NATIVE_ALL_TO_ALL) {
                    Nccl.gather(send, recv, count, dt, root, comm, stream);
                    return;
                }
                Nccl.groupStart();
                Nccl.send(send, count, dt, root, comm, stream);
                if (rank == root) {
                    for (int peer = 0; peer < ranks; peer++) {
                        Nccl.recv(recv + peer * blockBytes, count, dt, peer, comm, stream);
                    }
                }
                Nccl.groupEnd();
            }
            case SCATTER -> {
                if (count == 0) {
                    return;
                }
                if (NATIVE_ALL_TO_ALL) {
                    Nccl.scatter(send, recv, count, dt, root, comm, stream);
                    return;
                }
                Nccl.groupStart();
                if (rank == root) {
                    for (int peer = 0; peer < ranks; peer++) {
                        Nccl.send(send + peer * blockBytes, count, dt, peer, comm, stream);
                    }
                }
                Nccl.recv(recv, count, dt, root, comm, stream);
                Nccl.groupEnd();
            }
            case SENDRECV -> {
                Nccl.groupStart();
                Nccl.send(send, count, dt, (rank + 1) % ranks, comm, stream);
                Nccl.recv(recv, count, dt, (rank - 1 + ranks) % ranks, comm, stream);
                Nccl.groupEnd();
            }
            case HYPERCUBE -> hypercube(send, recv, count, blockBytes, dt, rank, ranks, comm, stream);
            case ALLTOALLV -> allToAllv(send, recv, count, type, rank, ranks, comm, stream);
        }
    }

    /** nccl-tests' alltoallv: one group of a send and a receive per peer with a share, packed in rank order. */
    private static void allToAllv(long send, long recv, long count, DataType type, int rank, int ranks, NcclComm comm,
                                  CudaStream stream) {
        AllToAllvPattern pattern = AllToAllvPattern.active();
        long total = count * ranks * type.bytes();
        long sendAt = send;
        long recvAt = recv;
        Nccl.groupStart();
        for (int peer = 0; peer < ranks; peer++) {
            long sendCount = pattern.peerBytes(rank, peer, ranks, total) / type.bytes();
            long recvCount = pattern.peerBytes(peer, rank, ranks, total) / type.bytes();
            if (sendCount > 0) {
                Nccl.send(sendAt, sendCount, type.ncclCode(), peer, comm, stream);
                sendAt += sendCount * type.bytes();
            }
            if (recvCount > 0) {
                Nccl.recv(recvAt, recvCount, type.ncclCode(), peer, comm, stream);
                recvAt += recvCount * type.bytes();
            }
        }
        Nccl.groupEnd();
    }

    /** All-gather by recursive doubling: in step k each rank swaps the 2^k blocks it holds with rank ^ 2^k. */
    private static void hypercube(long send, long recv, long count, long blockBytes, int dt, int rank, int ranks,
                                  NcclComm comm, CudaStream stream) {
        long own = recv + rank * blockBytes;
        if (own != send && blockBytes > 0) {
            CudaDriver.copyAsync(own, send, blockBytes, stream);
        }
        for (int mask = 1; mask < ranks; mask <<= 1) {
            int mine = rank & ~(mask - 1);
            int theirs = mine ^ mask;
            Nccl.groupStart();
            Nccl.send(recv + mine * blockBytes, count * mask, dt, rank ^ mask, comm, stream);
            Nccl.recv(recv + theirs * blockBytes, count * mask, dt, rank ^ mask, comm, stream);
            Nccl.groupEnd();
        }
    }
}
