package org.ncclkit.collective;

/**
 * The element counts of one collective call at one size, as nccl-tests computes them: what each rank sends and
 * receives, the count passed to NCCL ({@code paramCount}, the table's {@code count} column), and where in-place
 * calls put the send and receive buffers inside the receive buffer (elements per rank index).
 */
public record BufferPlan(long sendCount, long recvCount, long paramCount, long sendInPlaceOffset,
                         long recvInPlaceOffset) {

    /** The {@code size} column: the larger of the send and receive byte counts. */
    public long sizeBytes(DataType type) {
        return Math.max(sendCount, recvCount) * type.bytes();
    }
}
