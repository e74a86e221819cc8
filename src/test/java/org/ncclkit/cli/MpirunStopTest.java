package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ncclkit.testing.InstalledMpirun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Stopping {@code ncclkit mpirun} (SIGTERM here; Ctrl-C's SIGINT runs the same shutdown hook) stops mpirun and its
 * ranks: a separate JVM runs the command with real mpirun and ranks that would sleep for five minutes.
 */
class MpirunStopTest {
    @TempDir
    Path dir;

    /** The command alone, as the child JVM runs it. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MpirunCommand()).execute(args));
    }

    @Test
    void stoppingNcclkitStopsMpirunAndItsRanks() throws Exception {
        String mpirun = InstalledMpirun.pathOrSkip();
        Path launcher = Files.createDirectories(dir.resolve("home/bin")).resolve("ncclkit");
        Files.writeString(launcher, "#!/bin/sh\necho $$ >> \"$3\"\nexec sleep 300\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path pids = dir.resolve("pids");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MpirunStopTest.class.getName(), "--hosts", "localhost", "--gpus-per-node", "2", "--mpirun", mpirun,
                "--", "logs", "verify", pids.toString()).redirectOutput(dir.resolve("out").toFile()).redirectErrorStream(true);
        builder.environment().put("NCCLKIT_HOME", dir.resolve("home").toString());
        Process ncclkit = builder.start();
        try {
            List<Long> ranks = waitForRanks(pids, 2);

            ncclkit.destroy();

            assertThat(ncclkit.waitFor(30, TimeUnit.SECONDS)).as("ncclkit exits").isTrue();
            assertThat(ncclkit.exitValue()).isEqualTo(128 + 15);
            for (long pid : ranks) {
                assertThat(waitUntilGone(pid)).as("rank process " + pid + " is gone").isTrue();
            }
        } finally {
            ncclkit.destroyForcibly();
        }
    }

    private List<Long> waitForRanks(Path pids, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(pids)) {
                List<Long> ranks = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
                if (ranks.size() == count) {
                    return ranks;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the ranks did not start: " + Files.readString(dir.resolve("out")));
    }

    private static boolean waitUntilGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(100);
            } else {
                return true;
            }
        }
        return false;
    }
}
