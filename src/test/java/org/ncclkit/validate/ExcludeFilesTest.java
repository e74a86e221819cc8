package org.ncclkit.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcludeFilesTest {
    @TempDir
    Path dir;

    @Test
    void theBadNodesBecomeOneSlurmListAndTheGoodOnesAHostfileWithNoTemporaryFileLeft() throws Exception {
        Path exclude = dir.resolve("bad");
        Files.writeString(exclude, "old content");

        ExcludeFiles.write(exclude, List.of("gpu003", "gpu001", "gpu002", "login"), List.of("gpu004", "gpu005"), 8);

        assertThat(Files.readString(exclude)).isEqualTo("gpu[001-003],login\n");
        assertThat(Files.readString(dir.resolve("bad.hostfile"))).isEqualTo("gpu004 slots=8\ngpu005 slots=8\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bad", "bad.hostfile");
        }
    }

    @Test
    void noBadNodeWritesAnEmptyList() throws Exception {
        ExcludeFiles.write(dir.resolve("bad"), List.of(), List.of("a"), 1);

        assertThat(Files.readString(dir.resolve("bad"))).isEmpty();
    }

    @Test
    void aFolderThatDoesNotExistIsNamedInTheError() {
        assertThatThrownBy(() -> ExcludeFiles.write(dir.resolve("missing/bad"), List.of("a"), List.of(), 1))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot write " + dir.resolve("missing/bad"));
    }
}
