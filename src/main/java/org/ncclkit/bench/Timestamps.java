package org.ncclkit.bench;

import java.time.format.DateTimeFormatter;

/** The {@code %Y-%m-%d %H:%M:%S} format nccl-tests uses for row timestamps and JSON start/end times. */
public final class Timestamps {
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Timestamps() {
    }
}
