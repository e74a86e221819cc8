package org.ncclkit.monitor;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Why NVML says the clocks are held down: the bits of {@code nvmlClocksEventReason*} and the names ncclkit shows. */
public enum ClockEventReason {
    GPU_IDLE(0x1L, "gpu_idle"),
    APPLICATIONS_CLOCKS(0x2L, "app_clocks"),
    SW_POWER_CAP(0x4L, "sw_power_cap"),
    HW_SLOWDOWN(0x8L, "hw_slowdown"),
    SYNC_BOOST(0x10L, "sync_boost"),
    SW_THERMAL(0x20L, "sw_thermal"),
    HW_THERMAL(0x40L, "hw_thermal"),
    HW_POWER_BRAKE(0x80L, "hw_power_brake"),
    DISPLAY_CLOCKS(0x100L, "display_clocks");

    /** Slowdowns for heat; HW_SLOWDOWN is heat or an external power-brake signal, counted here as heat as nvidia-smi does. */
    public static final long THERMAL_MASK = SW_THERMAL.bit | HW_THERMAL.bit | HW_SLOWDOWN.bit;
    public static final long POWER_MASK = SW_POWER_CAP.bit | HW_POWER_BRAKE.bit;

    private final long bit;
    private final String label;

    ClockEventReason(long bit, String label) {
        this.bit = bit;
        this.label = label;
    }

    public long bit() {
        return bit;
    }

    public String label() {
        return label;
    }

    public static List<ClockEventReason> of(long mask) {
        return Arrays.stream(values()).filter(reason -> (mask & reason.bit) != 0).toList();
    }

    public static Optional<ClockEventReason> byLabel(String label) {
        return Arrays.stream(values()).filter(reason -> reason.label.equals(label)).findFirst();
    }

    public static long mask(List<ClockEventReason> reasons) {
        return reasons.stream().mapToLong(ClockEventReason::bit).reduce(0, (a, b) -> a | b);
    }
}
