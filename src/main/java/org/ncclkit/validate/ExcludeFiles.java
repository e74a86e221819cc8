package org.ncclkit.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.ncclkit.cluster.PrivateFiles;
import org.ncclkit.launch.SlurmNodeList;

/**
 * {@code --exclude-file FILE}: FILE gets the nodes that did not pass as one Slurm node list (for
 * {@code sbatch --exclude=$(cat FILE)}), {@code FILE.hostfile} the nodes that passed as an Open MPI hostfile. Each is
 * written to a temporary file beside it and moved into place, so that a reader never sees half of one.
 */
public final class ExcludeFiles {
    private ExcludeFiles() {
    }

    /** The hostfile of the good nodes that goes with {@code excludeFile}. */
    public static Path hostfileOf(Path excludeFile) {
        return excludeFile.resolveSibling(excludeFile.getFileName() + ".hostfile");
    }

    public static void write(Path excludeFile, List<String> bad, List<String> good, int slotsPerNode) {
        writeAtomically(excludeFile, bad.isEmpty() ? "" : SlurmNodeList.compress(bad) + "\n");
        StringBuilder hosts = new StringBuilder();
        good.forEach(host -> hosts.append(host).append(" slots=").append(Math.max(slotsPerNode, 1)).append('\n'));
        writeAtomically(hostfileOf(excludeFile), hosts.toString());
    }

    private static void writeAtomically(Path file, String content) {
        try {
            PrivateFiles.write(file.toAbsolutePath(), content.getBytes(StandardCharsets.UTF_8), PrivateFiles.PUBLIC_READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
