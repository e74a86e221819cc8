package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

/** ncclConfig_t of NCCL 2.28's nccl.h, byte for byte as a C compiler on x86-64 lays it out. */
class NcclConfigLayoutTest {

    @Test
    void fieldsSitWhereNccl228PutsThem() {
        assertThat(NcclConfigLayout.CONFIG.byteSize()).isEqualTo(80);
        assertThat(NcclConfigLayout.offset("netName")).isEqualTo(32);
        assertThat(NcclConfigLayout.offset("commName")).isEqualTo(48);
        assertThat(NcclConfigLayout.offset("CTAPolicy")).isEqualTo(60);
        assertThat(NcclConfigLayout.offset("nvlinkCentricSched")).isEqualTo(76);
    }

    @Test
    void aConfigIsTheInitializerPlusTheSettings() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = NcclConfigLayout.allocate(arena, new NcclCommConfig(NcclCommConfig.UNSET, 2, true));

            assertThat(c.get(JAVA_LONG, 0)).isEqualTo(80);
            assertThat(c.get(JAVA_INT, 8)).isEqualTo(0xcafebeef);
            assertThat(c.get(JAVA_INT, 12)).isEqualTo(22800);
            assertThat(c.get(JAVA_INT, 16)).isEqualTo(Integer.MIN_VALUE); // blocking: NCCL_CONFIG_UNDEF_INT
            assertThat(c.get(ADDRESS, 32).address()).isZero(); // netName: NCCL_CONFIG_UNDEF_PTR
            assertThat(c.get(JAVA_INT, 60)).isEqualTo(2);
            assertThat(c.get(JAVA_INT, 72)).isEqualTo(Integer.MIN_VALUE);
            assertThat(c.get(JAVA_INT, 76)).isEqualTo(1);
        }
    }
}
