package org.ncclkit.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncclkit.collective.DataType;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaStream;
import org.ncclkit.gpu.VerifyKernels.Expectation;
import org.ncclkit.testing.GpuTest;

/** The PTX kernels load on the GPU, and a check passes on its own input and catches one flipped byte. */
@GpuTest
class VerifyKernelsGpuTest {
    private static final long COUNT = 100_000;

    @BeforeAll
    static void initCuda() {
        CudaDriver.init();
        CudaDriver.setDevice(0);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void aCopyCheckPassesOnItsInputAndCountsOneCorruptedElement(DataType type) {
        VerifyKernels kernels = new VerifyKernels();
        CudaStream stream = CudaDriver.streamCreate();
        try (DeviceBuffer data = DeviceBuffer.allocate(COUNT * type.bytes()); DeviceBuffer counter = DeviceBuffer.allocate(8)) {
            kernels.fill(type, data.address(), COUNT, 42, 0, 1, VerifyKernels.COPY, stream);
            assertThat(wrong(kernels, type, data, counter, stream)).isZero();
            kernels.corruptByte(data.at(type.bytes() * 10L), stream);
            assertThat(wrong(kernels, type, data, counter, stream)).isEqualTo(1);
        } finally {
            CudaDriver.streamDestroy(stream);
        }
    }

    private static long wrong(VerifyKernels kernels, DataType type, DeviceBuffer data, DeviceBuffer counter,
                              CudaStream stream) {
        return kernels.countWrong(type, data.address(), COUNT, 42, 1, Expectation.copyOf(0, 0), VerifyKernels.COPY, counter, stream);
    }
}
