package org.ncclkit.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a shell script on this node ({@code /bin/sh -s}, script on stdin), as the same script runs on a member over SSH. */
public final class LocalShell {
    private LocalShell() {
    }

    /** The script's output and exit; the environment replaces this process's; past the time limit sh is killed. */
    public static CommandOutput capture(byte[] script, Map<String, String> environment, Duration limit) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("ncclkit-sh", ".out");
            err = Files.createTempFile("ncclkit-sh", ".err");
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-s").redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(script);
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new SshFailure(SshFailure.Kind.TIMEOUT, "timed out after " + SshClient.seconds(limit));
            }
            return new CommandOutput(CommandExit.of(process.exitValue()), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SshFailure(SshFailure.Kind.REMOTE, "cannot run /bin/sh here: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshFailure(SshFailure.Kind.TIMEOUT, "interrupted", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left in /tmp is harmless
            }
        }
    }
}
