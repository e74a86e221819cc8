package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ncclkit.testing.GpuTest;

/**
 * Issue 13's stall test on one GPU: four ranks as four simulated nodes (NCCL's network transport between them), one
 * stopped with SIGSTOP in the middle of the sweep. The others end within -T + 10 s, one message names rank 2 (by its
 * missing heartbeats, by the rendezvous' view or by NCCL's RAS, whichever sees it first), and no process is left.
 */
@GpuTest
class PerfStoppedRankGpuTest {
    /** "#  Rank  2 Group  0 Pid   4711 on       host device  0 [...] NVIDIA H100 ...". */
    private static final Pattern DEVICE_LINE = Pattern.compile("^#\\s+Rank\\s+(\\d+) Group\\s+\\d+ Pid\\s+(\\d+) on .*$");
    /** A data row of the table: the size comes first. */
    private static final Pattern ROW = Pattern.compile("^\\s+\\d+\\s+\\d+\\s+float\\s+sum\\s.*$");

    @Test
    void aRankStoppedMidRunIsNamedAndEveryOtherRankEndsWithinTheTimeout() throws Exception {
        List<String> lines = StoppedRun.stopOneRank(List.of("run", "-np", "4", "--simulate-nodes", "4", "perf", "all_reduce",
                "-b", "8", "-e", "128M", "-f", "2", "-n", "200", "-T", "20"), line -> ROW.matcher(line).matches() && line.trim().startsWith("4096"),
                DEVICE_LINE, 4, 2, 30);

        List<String> errors = StoppedRun.errorLines(lines);
        assertThat(errors).as(String.join("\n", lines)).hasSize(1);
        assertThat(errors.getFirst()).containsPattern("rank 2 \\(host \\S+, pid \\d+\\)");
    }
}
