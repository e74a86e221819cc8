package org.ncclkit.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** What this process's cgroup (v2, or v1's memory and pids controllers) still allows: memory and tasks. */
final class CgroupLimits {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private CgroupLimits() {
    }

    static OptionalLong memoryLeft() {
        return left(List.of("memory.max", "memory.current"), "memory", List.of("memory.limit_in_bytes", "memory.usage_in_bytes"));
    }

    static OptionalLong tasksLeft() {
        return left(List.of("pids.max", "pids.current"), "pids", List.of("pids.max", "pids.current"));
    }

    /** limit less usage in the v2 group, else in the v1 controller's group; empty where there is no limit or no file. */
    private static OptionalLong left(List<String> v2Files, String v1Controller, List<String> v1Files) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3);
                if (parts.length < 3) {
                    continue;
                }
                Path group = ROOT.resolve(parts[2].substring(1));
                if (parts[0].equals("0") && parts[1].isEmpty()) {
                    OptionalLong v2 = difference(group, v2Files);
                    if (v2.isPresent()) {
                        return v2;
                    }
                } else if (List.of(parts[1].split(",")).contains(v1Controller)) {
                    return difference(ROOT.resolve(v1Controller).resolve(parts[2].substring(1)), v1Files);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no cgroup information: no limit from it
        }
        return OptionalLong.empty();
    }

    private static OptionalLong difference(Path group, List<String> files) throws IOException {
        Path limitFile = group.resolve(files.get(0));
        Path usageFile = group.resolve(files.get(1));
        if (!Files.isReadable(limitFile) || !Files.isReadable(usageFile)) {
            return OptionalLong.empty();
        }
        String limit = Files.readString(limitFile).strip();
        if (limit.equals("max") || limit.length() > 18) { // v1 writes "no limit" as a number near 2^63
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, Long.parseLong(limit) - Long.parseLong(Files.readString(usageFile).strip())));
    }
}
