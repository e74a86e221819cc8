package org.ncclkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A {@code bin/ncclkit} that runs this build (this JVM, this class path), as the bundle's does, for commands that start
 * ncclkit on the nodes ({@code ncclkit mpirun}). Made under a folder that every test-bed member sees too (the members
 * share all but {@code /home} with the leader).
 */
public final class BuildLauncher {
    private BuildLauncher() {
    }

    /** Writes {@code home/bin/ncclkit} and returns {@code home}, to be given as NCCLKIT_HOME. */
    public static Path create(Path home) {
        Path launcher = home.resolve("bin/ncclkit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.createDirectories(launcher.getParent());
            Files.writeString(launcher, "#!/bin/sh\nexport NCCLKIT_HOME='" + home + "'\nexec '" + java
                    + "' --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp '"
                    + System.getProperty("java.class.path") + "' org.ncclkit.cli.Main \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }
}
