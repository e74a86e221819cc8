package org.ncclkit.ffi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;
import org.ncclkit.collective.ScalarBits;
import org.ncclkit.testing.GpuTest;

/** Calls every CUDA, NCCL and NVML binding once on a real GPU and checks what comes back. */
@GpuTest
class NativeBindingsGpuTest {
    private static final int FLOATS = 1024;

    @BeforeAll
    static void initCuda() {
        CudaDriver.init();
        CudaDriver.setDevice(0);
    }

    @Test
    void cudaDriverReportsDevicesAndMovesMemory() {
        assertThat(CudaDriver.driverVersion()).isGreaterThanOrEqualTo(12000);
        assertThat(CudaDriver.deviceCount()).isPositive();
        assertThat(CudaDriver.deviceName(0)).startsWith("NVIDIA");
        assertThat(CudaDriver.pciBusId(0)).matches("[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-9]");
        assertThat(CudaDriver.totalMemory(0)).isGreaterThan(1L << 30);
        assertThat(CudaDriver.attribute(0, CudaDriver.ATTRIBUTE_MULTIPROCESSOR_COUNT)).isPositive();
        long[] freeTotal = CudaDriver.memoryInfo();
        assertThat(freeTotal[0]).isPositive().isLessThanOrEqualTo(freeTotal[1]);

        byte[] pattern = new byte[256];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) i;
        }
        long a = CudaDriver.malloc(pattern.length);
        long b = CudaDriver.malloc(pattern.length);
        CudaStream stream = CudaDriver.streamCreate();
        try {
            CudaDriver.copyToDevice(a, pattern);
            CudaDriver.copyAsync(b, a, pattern.length, stream);
            CudaDriver.memsetAsync(b, 7, 16, stream);
            CudaDriver.streamSynchronize(stream);
            assertThat(CudaDriver.streamDone(stream)).isTrue();
            byte[] back = CudaDriver.copyFromDevice(b, pattern.length);
            assertThat(back[0]).isEqualTo((byte) 7);
            assertThat(back[15]).isEqualTo((byte) 7);
            assertThat(back[16]).isEqualTo((byte) 16);
            assertThat(back[255]).isEqualTo((byte) 255);
        } finally {
            CudaDriver.streamDestroy(stream);
            CudaDriver.free(a);
            CudaDriver.free(b);
        }
    }

    @Test
    void eventsTimeWorkAndGraphsReplayCapturedWork() {
        CudaStream stream = CudaDriver.streamCreate();
        CudaEvent start = CudaDriver.eventCreate();
        CudaEvent end = CudaDriver.eventCreate();
        long buffer = CudaDriver.malloc(1 << 20);
        try {
            CudaDriver.beginCapture(stream);
            CudaDriver.memsetAsync(buffer, 3, 1 << 20, stream);
            CudaGraph graph = CudaDriver.instantiate(CudaDriver.endCapture(stream));
            CudaDriver.eventRecord(start, stream);
            CudaDriver.graphLaunch(graph, stream);
            CudaDriver.eventRecord(end, stream);
            CudaDriver.eventSynchronize(end);
            assertThat(CudaDriver.eventElapsedMillis(start, end)).isGreaterThanOrEqualTo(0f);
            assertThat(CudaDriver.copyFromDevice(buffer + (1 << 19), 1)[0]).isEqualTo((byte) 3);
            CudaDriver.graphDestroy(graph);
        } finally {
            CudaDriver.free(buffer);
            CudaDriver.eventDestroy(start);
            CudaDriver.eventDestroy(end);
            CudaDriver.streamDestroy(stream);
        }
    }

    @Test
    void cudaErrorsNameTheCallAndTheDriversMessage() {
        assertThatThrownBy(() -> CudaDriver.setDevice(999))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("CUDA cuDeviceGet failed with code 101")
                .hasMessageContaining("CUDA_ERROR_INVALID_DEVICE");
    }

    @Test
    void ncclRunsEveryCollectiveOnOneRank() {
        assertThat(Nccl.version()).isGreaterThanOrEqualTo(22000);
        UniqueId id = Nccl.uniqueId();
        NcclComm comm = Nccl.commInitRank(1, id, 0);
        CudaStream stream = CudaDriver.streamCreate();
        long send = CudaDriver.malloc(FLOATS * 4L);
        long recv = CudaDriver.malloc(FLOATS * 4L);
        try {
            assertThat(Nccl.commCount(comm)).isEqualTo(1);
            assertThat(Nccl.commDevice(comm)).isEqualTo(0);
            assertThat(Nccl.commRank(comm)).isEqualTo(0);
            assertThat(Nccl.commAsyncError(comm)).isZero();
            CudaDriver.copyToDevice(send, floats(FLOATS, 1.5f));
            int f = DataType.FLOAT.ncclCode();
            int sum = RedOp.SUM.ncclCode();
            Nccl.allReduce(send, recv, FLOATS, f, sum, comm, stream);
            Nccl.broadcast(send, recv, FLOATS, f, 0, comm, stream);
            Nccl.reduce(send, recv, FLOATS, f, sum, 0, comm, stream);
            Nccl.allGather(send, recv, FLOATS, f, comm, stream);
            Nccl.reduceScatter(send, recv, FLOATS, f, sum, comm, stream);
            Nccl.groupStart();
            Nccl.send(send, FLOATS, f, 0, comm, stream);
            Nccl.recv(recv, FLOATS, f, 0, comm, stream);
            Nccl.groupEnd();
            assertThat(Nccl.hasNativeAllToAll()).as("NCCL 2.28 has ncclAlltoAll/Gather/Scatter").isTrue();
            Nccl.allToAll(send, recv, FLOATS, f, comm, stream);
            Nccl.gather(send, recv, FLOATS, f, 0, comm, stream);
            Nccl.scatter(send, recv, FLOATS, f, 0, comm, stream);
            int times2 = Nccl.redOpCreatePreMulSum(ScalarBits.of(DataType.FLOAT, 2), 4, f, comm);
            Nccl.allReduce(send, recv, FLOATS, f, times2, comm, stream);
            CudaDriver.streamSynchronize(stream);
            Nccl.redOpDestroy(times2, comm);
            assertThat(firstFloat(CudaDriver.copyFromDevice(recv, 4))).isEqualTo(3.0f);
            assertThat(Nccl.errorString(5)).containsIgnoringCase("invalid usage");
            assertThat(Nccl.lastError(comm)).isNotNull();
            assertThatThrownBy(() -> Nccl.allReduce(send, recv, FLOATS, 99, sum, comm, stream))
                    .isInstanceOf(NativeException.class).hasMessageContaining("NCCL ncclAllReduce failed with code 4");
            Nccl.commFinalize(comm);
        } finally {
            Nccl.commDestroy(comm);
            CudaDriver.free(send);
            CudaDriver.free(recv);
            CudaDriver.streamDestroy(stream);
        }
        assertThat(Nccl.hasMemAlloc()).isTrue();
        long registered = Nccl.memAlloc(1 << 20);
        CudaDriver.copyToDevice(registered, new byte[] {42});
        assertThat(CudaDriver.copyFromDevice(registered, 1)[0]).isEqualTo((byte) 42);
        Nccl.memFree(registered);
        NcclComm[] all = Nccl.commInitAll(new int[] {0});
        assertThat(all).hasSize(1);
        Nccl.commAbort(all[0]);
    }

    @Test
    void nvmlReadsEveryFieldOfTheFirstGpu() {
        Nvml.init();
        try {
            assertThat(Nvml.driverVersion()).matches("\\d+\\.\\d+.*");
            assertThat(Nvml.cudaDriverVersion()).isGreaterThanOrEqualTo(12000);
            assertThat(Nvml.deviceCount()).isPositive();
            NvmlDevice device = Nvml.device(0);
            assertThat(Nvml.name(device)).startsWith("NVIDIA");
            assertThat(Nvml.pciBusId(device)).contains(":");
            long[] memory = Nvml.memory(device);
            assertThat(memory[0]).isEqualTo(memory[1] + memory[2]);
            assertThat(Nvml.utilization(device)[0]).isBetween(0, 100);
            assertThat(Nvml.clockMhz(device, Nvml.CLOCK_SM)).isPositive();
            assertThat(Nvml.clockMhz(device, Nvml.CLOCK_MEMORY)).isPositive();
            assertThat(Nvml.powerMilliwatts(device)).isPositive();
            assertThat(Nvml.temperatureCelsius(device)).isBetween(1, 120);
            assertThat(Nvml.clockEventReasons(device)).isNotNegative();
            assertThat(Nvml.pcieThroughputKBps(device, Nvml.PCIE_TX)).isNotNegative();
            assertThat(Nvml.pcieReplays(device)).isNotNegative();
            assertThat(supportedOrZero(() -> Nvml.eccErrors(device, true))).isNotNegative();
            assertThat(supportedOrZero(() -> Nvml.nvLinkActive(device, 0) ? 1 : 0)).isBetween(0L, 1L);
            assertThat(supportedOrZero(() -> Nvml.persistenceMode(device) ? 1 : 0)).isBetween(0L, 1L);
        } finally {
            Nvml.shutdown();
        }
    }

    private static long supportedOrZero(java.util.function.LongSupplier query) {
        try {
            return query.getAsLong();
        } catch (NativeException e) {
            assertThat(e.code()).isIn(Nvml.ERROR_NOT_SUPPORTED, Nvml.ERROR_INVALID_ARGUMENT);
            return 0;
        }
    }

    private static byte[] floats(int count, float value) {
        ByteBuffer buffer = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static float firstFloat(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    }
}
