package org.ncclkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ncclkit.launch.NcclkitExecutable;

/** Runs a command to its end with a time limit (killing it past the limit) and keeps its output and duration. */
public record ChildProcess(int status, String out, String err, Duration took) {

    /** This build's ncclkit as a command line: this JVM, this class path. */
    public static List<String> ncclkit(String... args) {
        List<String> command = new ArrayList<>(NcclkitExecutable.command(Map.of()));
        command.addAll(List.of(args));
        return command;
    }

    public static ChildProcess run(List<String> command, Duration limit) {
        return run(command, limit, Map.of());
    }

    /** As {@link #run(List, Duration)}, with these variables added to this process's environment. */
    public static ChildProcess run(List<String> command, Duration limit, Map<String, String> environment) {
        try {
            Path out = Files.createTempFile("ncclkit-child", ".out");
            Path err = Files.createTempFile("ncclkit-child", ".err");
            try {
                long start = System.nanoTime();
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " still ran after " + limit + "; output:\n"
                            + Files.readString(out) + Files.readString(err));
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                return new ChildProcess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), took);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
