package org.ncclkit.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Per test, a leader's temporary folder (with its ssh folder) and started {@link LoopbackSshd} members, all removed after it. */
public final class LoopbackCluster implements BeforeEachCallback, AfterEachCallback {
    private final boolean createSshDir;
    private LoopbackSshd sshd;
    private Path leader;

    private LoopbackCluster(boolean createSshDir) {
        this.createSshDir = createSshDir;
    }

    /** The leader's ssh folder exists (empty) when the test starts. */
    public static LoopbackCluster withSshDir() {
        return new LoopbackCluster(true);
    }

    /** The leader's ssh folder is only named, not made: the command under test creates it. */
    public static LoopbackCluster withoutSshDir() {
        return new LoopbackCluster(false);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        sshd = LoopbackSshd.start(); // skips the test where sshd cannot run
        leader = Files.createTempDirectory("junit-");
        if (createSshDir) {
            Files.createDirectories(sshDir());
        }
    }

    /** Stops the servers, then deletes the leader's folder as {@code @TempDir} would (a leftover fails the test). */
    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (sshd != null) {
                sshd.close();
            }
        } finally {
            sshd = null;
            if (leader != null) {
                Path folder = leader;
                leader = null;
                deleteRecursively(folder);
            }
        }
    }

    /** The started servers; {@code node(...)} adds members. */
    public LoopbackSshd sshd() {
        return required(sshd);
    }

    /** The leader's temporary folder, fresh for each test. */
    public Path leader() {
        return required(leader);
    }

    /** The leader's ssh folder ({@code leader()/ssh}), given to commands as {@code --ssh-dir}. */
    public Path sshDir() {
        return leader().resolve("ssh");
    }

    private static <T> T required(T value) {
        if (value == null) {
            throw new IllegalStateException("LoopbackCluster is used outside a test: register it with @RegisterExtension");
        }
        return value;
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
