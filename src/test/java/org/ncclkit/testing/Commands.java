package org.ncclkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a small system command for a test fixture (ssh-keygen, chown, useradd) to its end, within 60 s. */
public final class Commands {
    private Commands() {
    }

    /** The command's status and its output and errors together. */
    public record Result(int status, String output) {
    }

    public static Result result(Map<String, String> extraEnvironment, byte[] input, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
            builder.environment().putAll(extraEnvironment);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input);
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 60 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static int status(String... command) {
        return result(Map.of(), new byte[0], command).status();
    }

    public static int runWithInput(byte[] input, String... command) {
        return result(Map.of(), input, command).status();
    }

    /** Runs it and returns its output; a non-zero status is an error showing the output. */
    public static String run(String... command) {
        Result result = result(Map.of(), new byte[0], command);
        if (result.status() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " ended with " + result.status() + ":\n" + result.output());
        }
        return result.output();
    }
}
