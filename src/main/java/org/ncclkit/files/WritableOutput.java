package org.ncclkit.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a result file can be written, found before the work that produces it (a benchmark, a fan-out over SSH)
 * rather than after: the folder exists and takes a new file (proved by creating and removing one), and the name is
 * not a folder or a file that cannot be replaced.
 */
public final class WritableOutput {
    private WritableOutput() {
    }

    /** Null when {@code file} can be written, else why not. */
    public static String problem(Path file) {
        if (Files.isDirectory(file)) {
            return "it is a directory; name a file";
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            return "the file exists and cannot be written (permission denied)";
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return "folder " + folder + " does not exist";
        }
        try {
            Files.delete(Files.createTempFile(folder, ".ncclkit-write-check-", ".tmp"));
            return null;
        } catch (IOException e) {
            return "folder " + folder + " takes no new file (" + FileProblem.describe(folder, e) + ")";
        }
    }
}
