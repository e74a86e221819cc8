package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a captured log back (the variables themselves are set only by perf, in a process of its own). */
class NcclLogCaptureTest {
    private static final List<String> LOG = List.of(
            "host-a:11:11 [0] NCCL INFO Bootstrap: Using eth0:10.0.0.1<0>",
            "some other program's line",
            "host-a:11:11 [0] NCCL INFO Using network Socket");

    @TempDir
    Path dir;

    @Test
    void readsOnlyTheNcclLinesThenDeletesItsOwnFileAndDirectory() throws IOException {
        Path file = Files.write(Files.createDirectory(dir.resolve("ncclkit-nccl-1")).resolve("nccl.log"), LOG);
        NcclLogCapture capture = new NcclLogCapture(new CapturePlan(Map.of(), file, true, null));

        assertThat(capture.ncclLines()).contains(List.of(LOG.get(0), LOG.get(2)));
        capture.close();
        capture.close();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void leavesTheUsersOwnFile() throws IOException {
        Path file = Files.write(dir.resolve("nccl.host-a.11.log"), LOG);
        try (NcclLogCapture capture = new NcclLogCapture(new CapturePlan(Map.of(), file, false, null))) {
            assertThat(capture.ncclLines()).hasValueSatisfying(lines -> assertThat(lines).hasSize(2));
        }
        assertThat(file).exists();
    }

    @Test
    void aFileNcclNeverWroteIsAnEmptyLog() {
        try (NcclLogCapture capture = new NcclLogCapture(new CapturePlan(Map.of(), dir.resolve("absent.log"), true, null))) {
            assertThat(capture.ncclLines()).contains(List.of());
        }
    }

    @Test
    void nothingIsReadWhenNotCaptured() {
        try (NcclLogCapture capture = NcclLogCapture.none()) {
            assertThat(capture.ncclLines()).isEmpty();
            assertThat(capture.skipped()).isNull();
        }
    }
}
