package org.ncclkit.monitor;

/** Something the monitor calls out: its kind, where (a GPU, or the whole node when {@code gpu} is null), and one line. */
public record Problem(Kind kind, String host, Integer gpu, String text) {
    public enum Kind { NODE_DOWN, NODE_SILENT, XID, ECC_UNCORRECTED, THERMAL_THROTTLE, HOT, POWER_THROTTLE, IDLE_WHILE_OTHERS_BUSY }

    /** Identifies the problem across intervals (its text may change, e.g. a temperature). */
    public String key() {
        return kind + "/" + host + "/" + (gpu == null ? "-" : gpu);
    }
}
