package org.ncclkit.info;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This node's host name, read from the kernel rather than DNS (which may be slow or absent on cluster nodes). */
public final class Hostname {
    private Hostname() {
    }

    public static String get() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }
}
