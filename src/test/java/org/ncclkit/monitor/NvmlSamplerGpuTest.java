package org.ncclkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.testing.GpuTest;

/** The NVML sampler on a real GPU: every field a data-centre GPU has comes back in a plausible range. */
@GpuTest
class NvmlSamplerGpuTest {
    @Test
    void everyGpuIsReadWithEveryFieldInRange() throws InterruptedException {
        Instant before = Instant.now();
        try (NvmlSampler sampler = new NvmlSampler("this-node", Clock.systemUTC())) {
            assertThat(sampler.gpuCount()).isPositive();
            List<GpuSample> first = sampler.sample();
            Thread.sleep(200);
            List<GpuSample> second = sampler.sample();

            assertThat(first).hasSize(sampler.gpuCount());
            for (GpuSample gpu : second) {
                assertThat(gpu.host()).isEqualTo("this-node");
                assertThat(gpu.name()).startsWith("NVIDIA");
                assertThat(gpu.busId()).matches("[0-9A-Fa-f]{8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\\.[0-9]");
                assertThat(gpu.time()).isBetween(before, Instant.now());
                assertThat(gpu.utilPercent()).isBetween(0, 100);
                assertThat(gpu.memTotalBytes()).isGreaterThan(1L << 30);
                assertThat(gpu.memUsedBytes()).isBetween(0L, gpu.memTotalBytes());
                assertThat(gpu.smClockMhz()).isBetween(1, 5000);
                assertThat(gpu.powerWatts()).isBetween(1.0, 2000.0);
                assertThat(gpu.temperatureC()).isBetween(5, 110);
                assertThat(gpu.pcieTxKBps()).isNotNull().isNotNegative();
                assertThat(gpu.pcieRxKBps()).isNotNull().isNotNegative();
                assertThat(gpu.eccCorrected()).as("ECC on a data-centre GPU").isNotNull().isNotNegative();
                assertThat(gpu.eccUncorrected()).isNotNull().isNotNegative();
                assertThat(gpu.clockEventReasons() & ~0x1ffL).as("only known reason bits").isZero();
                if (gpu.nvlinkTxKBps() != null) {
                    assertThat(gpu.nvlinkTxKBps()).isNotNegative();
                    assertThat(gpu.nvlinkRxKBps()).isNotNegative();
                }
                System.out.println(LineView.line(gpu) + (sampler.eventProblem() == null ? "" : " [" + sampler.eventProblem() + "]"));
            }
        }
    }

    @Test
    void closingStopsTheXidWaiterPromptly() {
        long start = System.nanoTime();
        new NvmlSampler("this-node", Clock.systemUTC()).close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
