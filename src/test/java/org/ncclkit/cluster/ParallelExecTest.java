package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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

        assertThat(ParallelExec.summary(results)).isEqualTo("1 ok, 3 failed: 1 exit 2: node-b; 1 signal KILL: node-c; "
                + "1 connection refused by <host> port 22: node-d");
    }

    @Test
    void tenThousandFailedHostsMakeAShortLineGroupedByCause() {
        List<ParallelExec.HostResult> results = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            String name = String.format("gpu-%05d", i);
            SshFailure failure = i % 1000 == 0 ? new SshFailure(SshFailure.Kind.TIMEOUT, "timed out after 120 s")
                    : new SshFailure(SshFailure.Kind.UNREACHABLE, "connection refused by " + name + " port 22 (no SSH "
                            + "server listening there?)");
            results.add(new ParallelExec.HostResult(host(name), null, failure));
        }
        results.add(new ParallelExec.HostResult(host("gpu-ok"), CommandExit.of(0), null));

        String summary = ParallelExec.summary(results);

        assertThat(summary).isEqualTo("1 ok, 10000 failed: 9990 connection refused by <host> port 22 (no SSH server "
                + "listening there?): gpu-00001, gpu-00002, gpu-00003, gpu-00004, gpu-00005 and 9985 more; "
                + "10 timed out after 120 s: gpu-01000, gpu-02000, gpu-03000, gpu-04000, gpu-05000 and 5 more");
    }
}
