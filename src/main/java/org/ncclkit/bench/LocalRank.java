package org.ncclkit.bench;

import java.util.ArrayList;
import java.util.List;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaStream;
import org.ncclkit.ffi.Nccl;
import org.ncclkit.ffi.NcclComm;
import org.ncclkit.ffi.NcclRegistration;
import org.ncclkit.gpu.DeviceBuffer;
import org.ncclkit.gpu.VerifyKernels;

/** One rank driven by this process: its GPU, communicator, stream, buffers and verification kernels. */
final class LocalRank implements AutoCloseable {
    /** A stream poll takes about a microsecond: this checks for NCCL's asynchronous error every few tens of them. */
    private static final int ASYNC_ERROR_POLLS = 32;
    final int device;
    final int rank;
    final NcclComm comm;
    final CudaStream stream;
    final DeviceBuffer send;
    final DeviceBuffer recv;
    final DeviceBuffer wrongCounter;
    final VerifyKernels kernels;

    /** Buffers registered with the communicator ({@code -R}); released before the communicator goes. */
    final List<NcclRegistration> registrations = new ArrayList<>();

    LocalRank(int device, int rank, NcclComm comm, long sendBytes, long recvBytes) {
        this(device, rank, comm, sendBytes, recvBytes, false);
    }

    /** With {@code nullStream}, the rank runs on the legacy default stream ({@code -y 1}) instead of its own. */
    LocalRank(int device, int rank, NcclComm comm, long sendBytes, long recvBytes, boolean nullStream) {
        this.device = device;
        this.rank = rank;
        this.comm = comm;
        CudaDriver.setDevice(device);
        this.stream = nullStream ? CudaStream.legacyDefault() : CudaDriver.streamCreate();
        this.send = DeviceBuffer.allocateForNccl(sendBytes);
        this.recv = DeviceBuffer.allocateForNccl(recvBytes);
        this.wrongCounter = DeviceBuffer.allocate(Long.BYTES);
        this.kernels = new VerifyKernels();
    }

    /**
     * Waits for every rank's stream by polling, as nccl-tests does: a spinning wait wakes sooner than a blocking one.
     * {@code betweenPolls} throws to give up when the run is stopping, since an operation with a dead peer never
     * completes. Like nccl-tests it also asks NCCL for an asynchronous error (a network or peer failure under a
     * running operation, NCCL's advice for non-blocking error detection) and throws it, with NCCL's message (exit 3);
     * every {@link #ASYNC_ERROR_POLLS}th poll, so that the wait for a few-microsecond operation stays as short.
     */
    static void awaitStreams(List<LocalRank> ranks, Runnable betweenPolls) {
        for (LocalRank r : ranks) {
            for (int polls = 1; !CudaDriver.streamDone(r.stream); polls++) {
                betweenPolls.run();
                if (polls % ASYNC_ERROR_POLLS == 0) {
                    Nccl.requireNoAsyncError(r.comm);
                }
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        CudaDriver.setDevice(device);
        send.close();
        recv.close();
        wrongCounter.close();
        if (!stream.isLegacyDefault()) {
            CudaDriver.streamDestroy(stream);
        }
    }
}
