package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** nccl-tests' cap on -e from the smallest GPU's memory. */
class MemoryLimitTest {
    private static final long GIB = 1L << 30;

    @Test
    void anEightyGigabyteGpuKeepsFourGigabytesAndOneForNcclThenSharesTheRestInThree() {
        long h100 = 85_520_809_984L; // cudaDeviceProp.totalGlobalMem of an H100 80GB HBM3
        assertThat(MemoryLimit.maxBytes(h100, true)).isEqualTo((h100 - 4 * GIB - GIB) / 3);
        assertThat(MemoryLimit.maxBytes(h100, false)).isEqualTo((h100 - 4 * GIB - GIB) / 2);
    }

    @Test
    void theReserveIsOneGigabytePerSixteenRoundedUp() {
        assertThat(MemoryLimit.maxBytes(16 * GIB, true)).isEqualTo((16 * GIB - GIB - GIB) / 3);
        assertThat(MemoryLimit.maxBytes(16 * GIB + 1, true)).isEqualTo((16 * GIB + 1 - 2 * GIB - GIB) / 3);
    }

    @Test
    void theLineIsNcclTestsLine() {
        assertThat(MemoryLimit.reducedLine(123)).isEqualTo("#\n# Reducing maxBytes to 123 due to memory limitation\n");
    }
}
