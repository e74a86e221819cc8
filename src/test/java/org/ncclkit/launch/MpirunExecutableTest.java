package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which mpirun runs: the option, the EFA installer's, or the one on PATH, by full path. */
class MpirunExecutableTest {
    @TempDir
    Path dir;

    private Path executable(String folder, String name) throws IOException {
        Path file = Files.createDirectories(dir.resolve(folder)).resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** This machine's files, plus the EFA installer's mpirun when the test says it is installed. */
    private static Predicate<Path> files(boolean amazonInstalled) {
        return path -> (amazonInstalled && path.equals(Path.of(MpirunExecutable.AMAZON_OPENMPI))) || Files.isExecutable(path);
    }

    @Test
    void theOptionsPathIsUsedAsAnAbsolutePath() throws IOException {
        Path mine = executable("openmpi-5/bin", "mpirun");

        assertThat(MpirunExecutable.find(Optional.of(mine.toString()), "/usr/bin", files(true))).isEqualTo(mine.toString());
    }

    @Test
    void anOptionWithoutASlashIsLookedUpOnPath() throws IOException {
        Path prterun = executable("bin", "prterun");

        assertThat(MpirunExecutable.find(Optional.of("prterun"), "/nowhere:" + prterun.getParent(), files(false)))
                .isEqualTo(prterun.toString());
    }

    @Test
    void theEfaInstallersMpirunWinsOverPath() throws IOException {
        Path onPath = executable("bin", "mpirun");

        assertThat(MpirunExecutable.find(Optional.empty(), onPath.getParent().toString(), files(true)))
                .isEqualTo("/opt/amazon/openmpi/bin/mpirun");
    }

    @Test
    void otherwiseTheFirstMpirunOnPathIsUsedSkippingEmptyEntries() throws IOException {
        Path first = executable("first", "mpirun");
        executable("second", "mpirun");

        assertThat(MpirunExecutable.find(Optional.empty(), ":" + first.getParent() + ":" + dir.resolve("second"), files(false)))
                .isEqualTo(first.toString());
    }

    @Test
    void noMpirunIsAnErrorSayingWhereItLookedAndWhatToDo() {
        assertThatThrownBy(() -> MpirunExecutable.find(Optional.empty(), dir.toString(), files(false)))
                .isInstanceOf(LaunchEnvironmentException.class)
                .hasMessage("no mpirun: /opt/amazon/openmpi/bin/mpirun does not exist and none is on PATH; install Open MPI "
                        + "(the EFA installer puts it in /opt/amazon/openmpi) or pass --mpirun PATH");
        assertThatThrownBy(() -> MpirunExecutable.find(Optional.of(dir.resolve("mpirun").toString()), null, files(false)))
                .hasMessage("--mpirun " + dir.resolve("mpirun") + " is not an executable file");
    }
}
