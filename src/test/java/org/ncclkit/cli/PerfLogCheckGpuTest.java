package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuTest;

/**
 * {@code perf}'s own check of NCCL's log, in a process of its own (NCCL reads NCCL_DEBUG once per process): the
 * verdict goes to standard error and standard output stays nccl-tests' table.
 */
@GpuTest
class PerfLogCheckGpuTest {
    private static ChildProcess perf(String... options) {
        List<String> args = new ArrayList<>(List.of("perf", "all_reduce", "-b", "8", "-e", "1K", "-f", "4", "-n", "2"));
        args.addAll(List.of(options));
        return ChildProcess.run(ChildProcess.ncclkit(args.toArray(String[]::new)), Duration.ofMinutes(2));
    }

    @Test
    void oneGpuInOneProcessSaysOnStandardErrorThatNoNetworkWasUsed() {
        ChildProcess run = perf();

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("(?m)^ncclkit: NCCL \\S+ log: no network used: 1 rank in 1 process on 1 host");
        assertThat(run.out()).contains("# Out of bounds values : 0 OK").doesNotContain("NCCL INFO").doesNotContain("ncclkit:");
    }

    @Test
    void aNamedNetworkDoesNotFailARunThatNeededNone() {
        ChildProcess run = perf("--expect", "efa");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("log: no network used: 1 rank in 1 process on 1 host");
    }

    @Test
    void noLogCheckLeavesStandardErrorEmpty() {
        ChildProcess run = perf("--no-log-check");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
    }
}
