package org.ncclkit.info;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds NCCL NET plugins ({@code libnccl-net*.so}) in the directories NCCL's {@code dlopen} would search. */
public final class NetPlugins {
    private NetPlugins() {
    }

    public static List<String> find(List<Path> directories) {
        Set<String> found = new LinkedHashSet<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "libnccl-net*.so*")) {
                for (Path entry : entries) {
                    found.add(entry.toAbsolutePath().normalize().toString());
                }
            } catch (IOException e) {
                // an unreadable directory holds no plugin NCCL could load either
            }
        }
        return List.copyOf(found);
    }
}
