package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** The one-line summary of a parallel run. */
class ParallelExecTest {
    private static SshTarget host(String name) {
        return new SshTarget(name, "me", name, 22);
    }

    @Test
    void allSucceededIsJustTheCount() {
        assertThat(ParallelExec.summary(List.of(new ParallelExec.HostResult(host("a"), CommandExit.of(0), null),
                new ParallelExec.HostResult(host("b"), CommandExit.of(0), null)))).isEqualTo("2 ok");
    }

    @Test
    void failuresAreNamedWithTheirExitStatusSignalOrReason() {
        List<ParallelExec.HostResult> results = List.of(
                new ParallelExec.HostResult(host("node-a"), CommandExit.of(0), null),
                new ParallelExec.HostResult(host("node-b"), CommandExit.of(2), null),
                new ParallelExec.HostResult(host("node-c"), new CommandExit(OptionalInt.empty(), Optional.of("KILL")), null),
                new ParallelExec.HostResult(host("node-d"), null,
                        new SshFailure(SshFailure.Kind.UNREACHABLE, "connection refused by node-d port 22")));

        assertThat(ParallelExec.summary(results)).isEqualTo("1 ok, 3 failed: node-b exit 2, node-c signal KILL, "
                + "node-d connection refused by node-d port 22");
    }
}
