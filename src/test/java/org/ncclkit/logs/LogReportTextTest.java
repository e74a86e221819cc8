package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LogReportTextTest {
    private static String render(String fixture, String expect) {
        LogSummary log = LogFixtures.summary(fixture);
        return LogReportText.render(LogReport.of(fixture, log, NetworkVerdicts.judge(log, Expectation.of(expect, 0), false)));
    }

    @Test
    void passReportSaysWhatNcclUsedPerHostAndTheVerdict() {
        List<String> lines = render("efa-libfabric-gdrdma-p4d-2.27.3.log", "efa").lines().toList();

        assertThat(lines).contains(
                "Log         efa-libfabric-gdrdma-p4d-2.27.3.log: 108 lines, 95 from NCCL, 1 process on 1 host",
                "NCCL        2.27.3+cuda12.9",
                "NET plugin  NCCL_NET_PLUGIN=libnccl-net.so; loaded Libfabric (v10) from libnccl-net.so",
                "OFI plugin  aws-ofi-nccl 1.16.2, Libfabric 2.1, platform p4d.24xlarge, provider efa (fabric efa)",
                "Network     NET/Libfabric on 1 process (from 'Using network')",
                "host                 procs  ranks  network        provider  NET (GDRDMA)  other channels",
                "llama-3-8b-node-0-0      1  0      NET/Libfabric  efa       16 (16)       -",
                "Expected    EFA (--expect efa)");
        assertThat(lines.getLast()).startsWith("Verdict     PASS: NCCL used NET/Libfabric with provider efa");
    }

    @Test
    void failReportListsEachProblemWithItsFix() {
        String text = render("socket-fallback-no-plugin-2.18.3.log", "efa");

        assertThat(text).contains("Verdict     FAIL: 2 problems\n")
                .contains("  FAIL  expected EFA but NCCL used NET/Socket on all 2 processes (host ubuntu)\n"
                        + "        fix: the plugin libnccl-net.so was not found on LD_LIBRARY_PATH; add /opt/amazon/ofi-nccl/lib")
                .contains("NET plugin  not found: libnccl-net.so; NCCL went on with its internal transports (IB, Socket)\n");
    }

    @Test
    void channelsOtherThanNetAreCountedPerHost() {
        assertThat(render("tag-output-efa-av-error-hang.log", "efa"))
                .contains("ip-172-32-36-209      7  -      ?                  -         -             P2P/IPC 6\n");
    }

    @Test
    void rankRangesAreCompact() {
        assertThat(LogReportText.ranges(List.of(0, 1, 2, 3, 5, 8, 9))).isEqualTo("0-3,5,8-9");
        assertThat(LogReportText.ranges(List.of(4))).isEqualTo("4");
        assertThat(LogReportText.ranges(List.of())).isEqualTo("-");
    }
}
