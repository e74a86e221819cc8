package org.ncclkit.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import org.ncclkit.ffi.UniqueId;
import org.ncclkit.rendezvous.Reduction;
import org.ncclkit.rendezvous.RendezvousClient;

/** The processes of a launched run, through rank 0's rendezvous store. */
public final class RendezvousProcessGroup implements ProcessGroup {
    private final RendezvousClient client;

    public RendezvousProcessGroup(RendezvousClient client) {
        this.client = client;
    }

    @Override
    public int rank() {
        return client.rank();
    }

    @Override
    public int size() {
        return client.worldSize();
    }

    @Override
    public UniqueId shareUniqueId(Supplier<UniqueId> makeOnRankZero) {
        return new UniqueId(client.broadcast(0, rank() == 0 ? makeOnRankZero.get().bytes() : null));
    }

    @Override
    public void barrier() {
        client.barrier();
    }

    @Override
    public double combine(int mode, double local) {
        return switch (mode) {
            case 0 -> ByteBuffer.wrap(client.broadcast(0, ByteBuffer.allocate(Double.BYTES).putDouble(local).array())).getDouble();
            case 1 -> client.allReduce(local, Reduction.SUM) / size();
            case 2 -> client.allReduce(local, Reduction.MIN);
            case 3 -> client.allReduce(local, Reduction.MAX);
            default -> throw new IllegalArgumentException("-a takes 0, 1, 2 or 3, not " + mode);
        };
    }

    @Override
    public long sum(long local) {
        return Math.round(client.allReduce(local, Reduction.SUM)); // counts of wrong elements: far below 2^53
    }

    @Override
    public List<String> gatherToRankZero(String mine) {
        return client.gather(0, mine.getBytes(StandardCharsets.UTF_8)).stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public List<String> allGather(String mine) {
        return client.allGather(mine.getBytes(StandardCharsets.UTF_8)).stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }
}
