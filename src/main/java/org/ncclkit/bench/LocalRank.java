package org.ncclkit.bench;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaStream;
import org.ncclkit.ffi.NcclComm;
import org.ncclkit.gpu.DeviceBuffer;
import org.ncclkit.gpu.VerifyKernels;

/** One rank driven by this process: its GPU, communicator, stream, buffers and verification kernels. */
final class LocalRank implements AutoCloseable {
    final int device;
    final int rank;
    final NcclComm comm;
    final CudaStream stream;
    final DeviceBuffer send;
    final DeviceBuffer recv;
    final DeviceBuffer wrongCounter;
    final VerifyKernels kernels;

    LocalRank(int device, int rank, NcclComm comm, long sendBytes, long recvBytes) {
        this.device = device;
        this.rank = rank;
        this.comm = comm;
        CudaDriver.setDevice(device);
        this.stream = CudaDriver.streamCreate();
        this.send = DeviceBuffer.allocateForNccl(sendBytes);
        this.recv = DeviceBuffer.allocateForNccl(recvBytes);
        this.wrongCounter = DeviceBuffer.allocate(Long.BYTES);
        this.kernels = new VerifyKernels();
    }

    @Override
    public void close() {
        CudaDriver.setDevice(device);
        send.close();
        recv.close();
        wrongCounter.close();
        CudaDriver.streamDestroy(stream);
    }
}
