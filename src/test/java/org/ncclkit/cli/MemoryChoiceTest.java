package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ncclkit.check.MemoryKind.CUDA;
import static org.ncclkit.check.MemoryKind.HOST;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.MemoryKind;
import org.ncclkit.ffi.NetDeviceProperties;
import org.ncclkit.ffi.NetPlugin;
import org.ncclkit.gpu.GpuAvailability;
import org.ncclkit.gpu.NoGpuException;

/** The rules of {@code check plugin --memory}: what is asked, what the device takes, whether there is a GPU. */
class MemoryChoiceTest {
    private static final NetDeviceProperties HOST_ONLY = device(NetPlugin.PTR_HOST);
    private static final NetDeviceProperties GDR = device(NetPlugin.PTR_HOST | NetPlugin.PTR_CUDA);
    private static final NetDeviceProperties CUDA_ONLY = device(NetPlugin.PTR_CUDA);
    private static final GpuAvailability ONE_GPU = GpuAvailability.of(1);
    private static final GpuAvailability NO_GPU = GpuAvailability.none("no NVIDIA driver (libcuda.so.1 not found)");

    private static NetDeviceProperties device(int ptrSupport) {
        return new NetDeviceProperties("efa0", "", 1, ptrSupport, true, false, 100000, 1, 0f, 1024, 1);
    }

    private static List<MemoryKind> choose(String option, NetDeviceProperties device, GpuAvailability gpu) {
        return MemoryChoice.kinds(MemoryChoice.requested(option), device, 0, gpu);
    }

    @Test
    void byDefaultBothKindsWhenTheDeviceTakesCudaMemoryAndThereIsAGpu() {
        assertThat(choose(null, GDR, ONE_GPU)).containsExactly(HOST, CUDA);
    }

    @Test
    void byDefaultHostOnlyWithoutNcclPtrCudaOrWithoutAGpu() {
        assertThat(choose(null, HOST_ONLY, ONE_GPU)).containsExactly(HOST);
        assertThat(choose(null, GDR, NO_GPU)).containsExactly(HOST);
    }

    @Test
    void byDefaultACudaOnlyDeviceTestsCudaMemoryAndNeedsAGpu() {
        assertThat(choose(null, CUDA_ONLY, ONE_GPU)).containsExactly(CUDA);
        assertThatThrownBy(() -> choose(null, CUDA_ONLY, NO_GPU)).isInstanceOf(NoGpuException.class)
                .hasMessage("device 0 takes only CUDA memory, and this node has no usable GPU: no NVIDIA driver "
                        + "(libcuda.so.1 not found)");
        assertThatThrownBy(() -> choose(null, device(0), ONE_GPU)).isInstanceOf(UsageException.class)
                .hasMessage("device 0 takes neither host nor CUDA memory (ptrSupport: none)");
    }

    @Test
    void theOptionNamesTheKindsCaseInsensitively() {
        assertThat(choose("host", GDR, ONE_GPU)).containsExactly(HOST);
        assertThat(choose("CUDA", GDR, ONE_GPU)).containsExactly(CUDA);
        assertThat(choose("both", GDR, ONE_GPU)).containsExactly(HOST, CUDA);
        assertThat(MemoryChoice.requested(null)).isEmpty();
        assertThatThrownBy(() -> MemoryChoice.requested("gpu")).isInstanceOf(UsageException.class)
                .hasMessage("--memory must be host, cuda or both, not 'gpu'");
    }

    @Test
    void cudaMemoryIsAUsageErrorWhenTheDeviceLacksNcclPtrCudaEvenWithAGpu() {
        for (String option : List.of("cuda", "both")) {
            assertThatThrownBy(() -> choose(option, HOST_ONLY, ONE_GPU)).isInstanceOf(UsageException.class)
                    .hasMessage("device 0 does not take CUDA memory: its ptrSupport (host) lacks NCCL_PTR_CUDA");
        }
        assertThatThrownBy(() -> choose("host", CUDA_ONLY, ONE_GPU)).isInstanceOf(UsageException.class)
                .hasMessage("device 0 does not take host memory: its ptrSupport (cuda) lacks NCCL_PTR_HOST");
    }

    @Test
    void cudaMemoryWithoutAGpuIsANoGpuErrorThatExitsFive() {
        assertThatThrownBy(() -> choose("cuda", GDR, NO_GPU)).isInstanceOf(NoGpuException.class)
                .hasMessage("--memory cuda needs a GPU on every rank, and this node has none usable: no NVIDIA driver "
                        + "(libcuda.so.1 not found)");
        assertThatThrownBy(() -> choose("both", GDR, GpuAvailability.of(0))).isInstanceOf(NoGpuException.class)
                .hasMessageStartingWith("--memory both needs a GPU").hasMessageEndingWith("the CUDA driver reports no GPU");
        assertThat(Main.exitCodeFor(new NoGpuException("no GPU"))).isEqualTo(ExitCodes.NO_GPU);
    }

    @Test
    void theRanksTestOnlyTheKindsEveryRankCanUse() {
        byte[] both = MemoryChoice.mask(List.of(HOST, CUDA));
        byte[] host = MemoryChoice.mask(List.of(HOST));

        assertThat(both).containsExactly(NetPlugin.PTR_HOST | NetPlugin.PTR_CUDA);
        assertThat(MemoryChoice.common(List.of(HOST, CUDA), List.of(both, both))).containsExactly(HOST, CUDA);
        assertThat(MemoryChoice.common(List.of(HOST, CUDA), List.of(both, host))).containsExactly(HOST);
        assertThatThrownBy(() -> MemoryChoice.common(List.of(CUDA), List.of(MemoryChoice.mask(List.of(CUDA)), host)))
                .isInstanceOf(UsageException.class).hasMessage("the ranks share no memory kind to test (this rank: [CUDA memory])");
    }

    @Test
    void eachProcessOfAHostTakesTheNextGpuAndTwoProcessesMayShareOne() {
        assertThat(MemoryChoice.cudaDevice(0, 8)).isZero();
        assertThat(MemoryChoice.cudaDevice(1, 8)).isEqualTo(1);
        assertThat(MemoryChoice.cudaDevice(1, 1)).isZero();
    }
}
