package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What perf prints on standard error about the NCCL log it captured. */
class ShortVerdictTest {
    /** Made-up lines in NCCL 2.28's format: perf -g 1 in one process on a host without a NET plugin or IB. */
    private static final List<String> ONE_RANK = List.of(
            "gpu-1:4242:4242 [0] NCCL INFO Bootstrap: Using eth0:10.0.0.5<0>",
            "gpu-1:4242:4242 [0] NCCL INFO NCCL version 2.28.9+cuda12.9",
            "gpu-1:4242:4250 [0] NCCL INFO NET/Plugin: Could not find: libnccl-net.so.",
            "gpu-1:4242:4250 [0] NCCL INFO NET/IB : No device found.",
            "gpu-1:4242:4250 [0] NCCL INFO NET/Socket : Using [0]eth0:10.0.0.5<0>",
            "gpu-1:4242:4250 [0] NCCL INFO Using network Socket",
            "gpu-1:4242:4250 [0] NCCL INFO ncclCommInitRankConfig comm 0x55d0c0a0 rank 0 nranks 1 cudaDev 0 nvmlDev 0 busId 18000"
                    + " commId 0x5e1f - Init COMPLETE");
    /** The same for perf -g 2: two ranks in one process, connected by CUDA P2P. */
    private static final List<String> TWO_GPUS = List.of(
            "gpu-1:4242:4242 [0] NCCL INFO NCCL version 2.28.9+cuda12.9",
            "gpu-1:4242:4250 [0] NCCL INFO Using network Socket",
            "gpu-1:4242:4251 [0] NCCL INFO Channel 00/0 : 0[0] -> 1[1] via P2P/CUMEM/read",
            "gpu-1:4242:4252 [1] NCCL INFO Channel 00/0 : 1[1] -> 0[0] via P2P/CUMEM/read",
            "gpu-1:4242:4250 [0] NCCL INFO ncclCommInitAll comm 0x1 rank 0 nranks 2 cudaDev 0 busId 18000 commId 0x7 - Init COMPLETE",
            "gpu-1:4242:4250 [1] NCCL INFO ncclCommInitAll comm 0x2 rank 1 nranks 2 cudaDev 1 busId 2a000 commId 0x7 - Init COMPLETE");

    private static ShortVerdict of(String fixture, String expect) {
        return ShortVerdict.of(LogFixtures.summary(fixture), Expectation.of(expect, 0));
    }

    @Test
    void aPassIsOneLineWithWhatNcclUsedAndWhatWasExpected() {
        ShortVerdict verdict = of("efa-libfabric-gdrdma-p4d-2.27.3.log", "efa");

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.text()).isEqualTo("ncclkit: NCCL 2.27.3+cuda12.9 log: PASS: NCCL used NET/Libfabric with provider efa on the only"
                + " process (1 host), GPUDirect RDMA on 16 of 16 NET connections; expected EFA (--expect efa)\n");
    }

    @Test
    void theLogsOfSeveralHostsMakeOneVerdict() {
        assertThat(of("ib-roce-2.19.3.log", "ib").text())
                .isEqualTo("ncclkit: NCCL 2.19.3+cuda12.3 log: PASS: NCCL used NET/IB on all 2 processes (2 hosts); expected IB (--expect ib)\n");
    }

    @Test
    void aFailListsEachProblemWithItsFixAndHowToKeepTheLog() {
        ShortVerdict verdict = of("socket-fallback-no-plugin-2.18.3.log", "efa");

        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.text().lines().toList()).startsWith(
                "ncclkit: NCCL 2.18.3+cuda12.2 log: FAIL: 2 problems; expected EFA (--expect efa)")
                .contains("ncclkit:   FAIL  expected EFA but NCCL used NET/Socket on all 2 processes (host ubuntu)",
                        "ncclkit:         fix: the plugin libnccl-net.so was not found on LD_LIBRARY_PATH; add /opt/amazon/ofi-nccl/lib"
                                + " (aws-ofi-nccl from the EFA installer), or set NCCL_NET_PLUGIN to the plugin's path")
                .endsWith("ncclkit:   to keep NCCL's log for 'ncclkit logs verify', run with NCCL_DEBUG=INFO NCCL_DEBUG_FILE=nccl.%h.%p.log");
    }

    @Test
    void oneRankInOneProcessUsedNoNetworkAndSaysSoInOneLine() {
        ShortVerdict verdict = ShortVerdict.of(NcclLogParser.parse(ONE_RANK), Expectation.of("auto", 0));

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.text()).isEqualTo("ncclkit: NCCL 2.28.9+cuda12.9 log: no network used: 1 rank in 1 process on 1 host;"
                + " NCCL chose NET/Socket for other hosts\n");
    }

    @Test
    void gpusOfOneProcessTalkOverP2pWithoutANetwork() {
        assertThat(ShortVerdict.of(NcclLogParser.parse(TWO_GPUS), Expectation.of("socket", 0)).text())
                .isEqualTo("ncclkit: NCCL 2.28.9+cuda12.9 log: no network used: 2 ranks in 1 process on 1 host over P2P/CUMEM;"
                        + " NCCL chose NET/Socket for other hosts\n");
    }

    @Test
    void aWrongNetworkChoiceOnOneHostIsAWarningNotAFail() {
        ShortVerdict verdict = ShortVerdict.of(NcclLogParser.parse(ONE_RANK), Expectation.of("efa", 0));

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.text().lines().toList()).hasSize(3).element(1).asString()
                .startsWith("ncclkit:   WARN  expected EFA but NCCL used NET/Socket on the only process (host gpu-1)");
    }

    @Test
    void anEmptyCaptureIsNotCheckedRatherThanFailed() {
        ShortVerdict verdict = ShortVerdict.of(NcclLogParser.parse(List.of()), Expectation.of("efa", 0));

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.text()).startsWith("ncclkit: NCCL log: not checked: NCCL wrote no log line");
    }
}
