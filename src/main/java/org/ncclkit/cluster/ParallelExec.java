package org.ncclkit.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one command on every node at once (bounded fan-out, a time limit per node), passing each output line on as it
 * comes with the node it came from; the building block of {@code ncclkit exec} and of remote work elsewhere.
 */
public final class ParallelExec {
    private ParallelExec() {
    }

    /** Where the lines go; called from many threads, so an implementation prints each line whole. */
    public interface LineSink {
        void out(SshTarget target, String line);

        void err(SshTarget target, String line);
    }

    /** How the command ended on one node; {@code failure} says why it did not run or did not finish. */
    public record HostResult(SshTarget target, CommandExit exit, SshFailure failure) {
        public boolean ok() {
            return failure == null && exit.succeeded();
        }

        /** {@code exit 2}, {@code timed out after 5 s}, {@code connection refused by ...}. */
        public String describe() {
            return failure != null ? failure.getMessage() : exit.describe();
        }
    }

    public static List<HostResult> run(SshClient client, Credentials credentials, List<SshTarget> targets, String command,
                                       int parallel, Duration timeout, LineSink sink) {
        byte[] noInput = "".getBytes(StandardCharsets.UTF_8);
        return FanOut.run(targets, parallel, timeout, (target, deadline) -> {
            try (NodeSession session = client.open(target, credentials, deadline)) {
                return session.run(command, noInput, line -> sink.out(target, line), line -> sink.err(target, line));
            }
        }).stream().map(outcome -> new HostResult(outcome.target(), outcome.value(), outcome.failure())).toList();
    }

    /** {@code 3 ok} or {@code 3 ok, 1 failed: node-b exit 2}. */
    public static String summary(List<HostResult> results) {
        long ok = results.stream().filter(HostResult::ok).count();
        List<HostResult> failed = results.stream().filter(result -> !result.ok()).toList();
        if (failed.isEmpty()) {
            return ok + " ok";
        }
        return ok + " ok, " + failed.size() + " failed: "
                + failed.stream().map(result -> result.target().label() + " " + result.describe()).collect(Collectors.joining(", "));
    }
}
