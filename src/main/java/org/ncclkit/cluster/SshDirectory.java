package org.ncclkit.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The leader's {@code ~/.ssh} (or the folder given instead): where the key, known_hosts and config live. */
public record SshDirectory(Path path) {
    /** The private keys ssh tries by default, in its order (less the FIDO ones, which need a token). */
    private static final List<String> DEFAULT_KEYS = List.of("id_rsa", "id_ecdsa", "id_ed25519");

    public static SshDirectory ofHome(Path home) {
        return new SshDirectory(home.resolve(".ssh"));
    }

    public Path knownHosts() {
        return path.resolve("known_hosts");
    }

    public Path config() {
        return path.resolve("config");
    }

    public Path defaultKey(KeyType type) {
        return path.resolve(type.fileName());
    }

    /** The key files ssh would offer on its own, those that exist. */
    public List<Path> existingDefaultKeys() {
        return DEFAULT_KEYS.stream().map(path::resolve).filter(Files::isRegularFile).toList();
    }

    /**
     * Creates the folder with mode 700, or sets 700 on an existing one that others may enter or write; returns what
     * was done, for the report.
     */
    public Optional<String> ensurePrivate() throws IOException {
        Set<PosixFilePermission> ownerOnly = PrivateFiles.OWNER_ONLY_DIRECTORY;
        if (!Files.isDirectory(path)) {
            Files.createDirectories(path, PosixFilePermissions.asFileAttribute(ownerOnly));
            Files.setPosixFilePermissions(path, ownerOnly);
            return Optional.of("created " + path + " (700)");
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
        if (!now.equals(ownerOnly)) {
            Files.setPosixFilePermissions(path, ownerOnly);
            return Optional.of("set " + path + " to 700 (was " + Modes.octal(now) + ")");
        }
        return Optional.empty();
    }
}
