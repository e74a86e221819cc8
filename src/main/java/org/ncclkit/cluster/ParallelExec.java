package org.ncclkit.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

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

        /** A host is done (its command ended, or it failed), as soon as it is. */
        void done(HostResult result);
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
        return FanOut.<CommandExit>run(targets, parallel, timeout, (target, deadline) -> {
            try (NodeSession session = client.open(target, credentials, deadline)) {
                return session.run(command, noInput, line -> sink.out(target, line), line -> sink.err(target, line));
            }
        }, outcome -> sink.done(result(outcome))).stream().map(ParallelExec::result).toList();
    }

    private static HostResult result(FanOut.Outcome<CommandExit> outcome) {
        return new HostResult(outcome.target(), outcome.value(), outcome.failure());
    }

    /**
     * {@code 3 ok}, or {@code 3 ok, 2 failed: 2 exit 2: node-b, node-c}: the failed hosts grouped by what happened,
     * a few named per group, so that the line stays short however many hosts failed.
     */
    public static String summary(List<HostResult> results) {
        long ok = results.stream().filter(HostResult::ok).count();
        FailureSummary failures = new FailureSummary();
        results.stream().filter(result -> !result.ok()).forEach(result -> failures.add(result.target(), result.describe()));
        return failures.isEmpty() ? ok + " ok" : ok + " ok, " + failures.count() + " failed: " + failures;
    }
}
