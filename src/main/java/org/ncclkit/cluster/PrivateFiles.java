package org.ncclkit.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files written whole or not at all: the content goes to a temporary file beside the target (created with its final
 * permissions, so a secret is never readable by others, not even for a moment), is flushed to disk, then renamed
 * over the target. A reader sees the old file or the new one, never half of one.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC_READ = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Replaces the target (or creates it) with the bytes, atomically. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temporary = temporaryBeside(target, content, permissions);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Creates the target with the bytes, atomically, and never over an existing file: a file that appeared meanwhile
     * makes this a {@link FileAlreadyExistsException} and stays as it was.
     */
    public static void createNew(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temporary = temporaryBeside(target, content, permissions);
        try {
            Files.createLink(target, temporary); // link(2) fails where rename(2) would replace
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** An empty file readable by its owner only. */
    static void createEmpty(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    }

    private static Path temporaryBeside(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(permissions));
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.setPosixFilePermissions(temporary, permissions); // the umask may have taken bits away
        return temporary;
    }
}
