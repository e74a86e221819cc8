package org.ncclkit.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ncclkit.report.Json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Asks a node how many GPUs it has: {@code nvidia-smi -L} where it is on the PATH, else {@code ncclkit info --json}
 * where ncclkit is installed. The script is run by {@code /bin/sh -s}, on a member over SSH or on the leader itself.
 */
public final class GpuQuery {
    public static final String COMMAND = "/bin/sh -s";

    public static final byte[] SCRIPT = """
            if command -v nvidia-smi >/dev/null 2>&1; then
              echo "ncclkit-source nvidia-smi"
              exec nvidia-smi -L
            elif command -v ncclkit >/dev/null 2>&1; then
              echo "ncclkit-source ncclkit"
              ncclkit info --json
              exit 0
            else
              echo "ncclkit-source none"
              echo "PATH=$PATH"
            fi
            """.getBytes(StandardCharsets.UTF_8);

    private GpuQuery() {
    }

    /** A node's GPU count and where it came from ({@code nvidia-smi} or {@code ncclkit}). */
    public record GpuCount(int gpus, String source) {
    }

    /** The count from the script's output; an {@link SshFailure} of kind REMOTE saying why there is none. */
    public static GpuCount parse(CommandOutput run) {
        List<String> lines = run.out().lines().toList();
        String source = lines.isEmpty() || !lines.getFirst().startsWith("ncclkit-source ") ? ""
                : lines.getFirst().substring("ncclkit-source ".length());
        List<String> rest = lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
        return switch (source) {
            case "nvidia-smi" -> fromNvidiaSmi(rest, run);
            case "ncclkit" -> fromInfoJson(String.join("\n", rest));
            case "none" -> throw new SshFailure(SshFailure.Kind.REMOTE, "neither nvidia-smi nor ncclkit is on the PATH of "
                    + "a non-interactive SSH login (" + (rest.isEmpty() ? "PATH unknown" : rest.getFirst()) + ")");
            default -> throw new SshFailure(SshFailure.Kind.REMOTE, "could not ask for the GPU count ("
                    + run.exit().describe() + lastLine(run.err(), ": ") + ")");
        };
    }

    private static GpuCount fromNvidiaSmi(List<String> lines, CommandOutput run) {
        if (!run.exit().succeeded()) {
            String said = lastLine(String.join("\n", lines) + "\n" + run.err(), ": ");
            throw new SshFailure(SshFailure.Kind.REMOTE, "nvidia-smi -L failed (" + run.exit().describe() + said + ")");
        }
        long gpus = lines.stream().filter(line -> line.matches("GPU \\d+: .*")).count();
        if (gpus == 0) {
            throw new SshFailure(SshFailure.Kind.REMOTE, "no GPU: nvidia-smi -L listed none");
        }
        return new GpuCount((int) gpus, "nvidia-smi");
    }

    private static GpuCount fromInfoJson(String json) {
        JsonNode info;
        try {
            info = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new SshFailure(SshFailure.Kind.REMOTE, "ncclkit info --json printed no JSON: " + e.getOriginalMessage());
        }
        JsonNode gpus = info.path("gpus");
        if (!gpus.isArray() || gpus.isEmpty()) {
            String problem = info.path("gpu_problem").asString("");
            throw new SshFailure(SshFailure.Kind.REMOTE, "no GPU" + (problem.isEmpty() ? "" : ": " + problem) + " (ncclkit info)");
        }
        return new GpuCount(gpus.size(), "ncclkit info");
    }

    private static String lastLine(String text, String separator) {
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "" : separator + lines.getLast().strip();
    }
}
