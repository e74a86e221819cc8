package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * {@code ncclConfig_t} as NCCL 2.28's {@code nccl.h} lays it out ({@code ncclConfig_v22800}), filled as
 * {@code NCCL_CONFIG_INITIALIZER} does plus {@link NcclCommConfig}'s fields. NCCL copies at most {@code size}
 * bytes and resets the fields newer than {@code version}, so the same layout serves 2.14 onwards.
 */
final class NcclConfigLayout {
    static final StructLayout CONFIG = MemoryLayout.structLayout(
            JAVA_LONG.withName("size"), JAVA_INT.withName("magic"), JAVA_INT.withName("version"),
            JAVA_INT.withName("blocking"), JAVA_INT.withName("cgaClusterSize"), JAVA_INT.withName("minCTAs"),
            JAVA_INT.withName("maxCTAs"), ADDRESS.withName("netName"), JAVA_INT.withName("splitShare"),
            JAVA_INT.withName("trafficClass"), ADDRESS.withName("commName"), JAVA_INT.withName("collnetEnable"),
            JAVA_INT.withName("CTAPolicy"), JAVA_INT.withName("shrinkShare"), JAVA_INT.withName("nvlsCTAs"),
            JAVA_INT.withName("nChannelsPerNetPeer"), JAVA_INT.withName("nvlinkCentricSched"));
    private static final int MAGIC = 0xcafebeef;
    private static final int LAYOUT_VERSION = 22800;

    private NcclConfigLayout() {
    }

    /** A config in {@code arena}: every int field {@code NCCL_CONFIG_UNDEF_INT}, pointers null, then the settings. */
    static MemorySegment allocate(Arena arena, NcclCommConfig settings) {
        MemorySegment config = arena.allocate(CONFIG);
        for (MemoryLayout field : CONFIG.memberLayouts()) {
            if (field instanceof ValueLayout.OfInt) {
                setInt(config, field.name().orElseThrow(), NcclCommConfig.UNSET);
            }
        }
        config.set(JAVA_LONG, 0, CONFIG.byteSize());
        setInt(config, "magic", MAGIC);
        setInt(config, "version", LAYOUT_VERSION);
        setInt(config, "blocking", settings.blocking());
        setInt(config, "CTAPolicy", settings.ctaPolicy());
        if (settings.nvlinkCentricSched()) {
            setInt(config, "nvlinkCentricSched", 1);
        }
        return config;
    }

    static long offset(String field) {
        return CONFIG.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    private static void setInt(MemorySegment config, String field, int value) {
        config.set(JAVA_INT, offset(field), value);
    }
}
