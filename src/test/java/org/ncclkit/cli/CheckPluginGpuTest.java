package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuTest;

/**
 * {@code check plugin} in GPU memory: two ranks against the C fixture with {@code FIXTURE_NET_CUDA=1}, which then
 * reports NCCL_PTR_CUDA and moves CUDA buffers through libcuda; the two ranks may share one GPU.
 */
@GpuTest
class CheckPluginGpuTest {
    private static ChildProcess check(String fault, String... args) {
        return FixturePlugin.check(List.of("FIXTURE_NET_CUDA=1", "FIXTURE_NET_FAULT=" + fault), FixturePlugin.NEWEST, args);
    }

    @Test
    void bothMemoryKindsTransferAndEveryByteInGpuMemoryIsValidated() {
        ChildProcess run = check("", "--memory", "both", "--sizes", "512,1M:2M");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("NET/Fixture CUDA memory enabled", "memory host+cuda",
                "Rank 0: CUDA buffers on GPU ", "Rank 0: testing host memory and CUDA memory",
                "Rank 0: All 32 messages of 512 validated in host memory",
                "Rank 0: Posted 32 receive buffers of 2M in CUDA memory",
                "Rank 0: Flushed 32 receive buffers (32 flush requests polled)",
                "Rank 0: All 32 messages of 1M->2M validated in CUDA memory",
                "NET/Fixture closing a receive connection after 64 flushes",
                "# check plugin passed: 128 messages, " + 2 * 32 * (512 + (1 << 20))
                        + " bytes validated (host memory and CUDA memory)");
        assertThat(run.out() + run.err()).as("rank 1's lines").contains("Rank 1: CUDA buffers on GPU ",
                "Rank 1: Sent 32 requests of 1M to rank 0 from CUDA memory");
    }

    @Test
    void byDefaultAPluginThatTakesCudaMemoryIsTestedInBothKinds() {
        ChildProcess run = check("", "--sizes", "4K", "--requests", "4");

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Rank 0: testing host memory and CUDA memory",
                "Rank 0: All 4 messages of 4K validated in CUDA memory");
    }

    @Test
    void aByteCorruptedOnItsWayIntoGpuMemoryFailsWithExitSeven() {
        ChildProcess run = check("corrupt", "--memory", "cuda", "--sizes", "4K");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
        assertThat(run.out()).contains("corrupting byte 100 of receive number 3",
                "Rank 0: Data validation failed: message 3 of 32 (4K), byte 100: received 0x",
                "(CUDA memory)", "# check plugin FAILED");
    }
}
