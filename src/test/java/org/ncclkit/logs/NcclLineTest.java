package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncclkit.logs.NcclLine.Level;

/** Real lines from public issues and the formats of NCCL's {@code src/debug.cc} ({@code ncclDebugLogV}). */
class NcclLineTest {
    @Test
    void infoLineGivesHostPidAndMessage() {
        NcclLine line = NcclLine.parse("dgxh100-4:460770:460842 [0] NCCL INFO Using network IB"); // NVIDIA/nccl-tests#185

        assertThat(line).isEqualTo(new NcclLine(new ProcessId("dgxh100-4", 460770), null, Level.INFO, null, "Using network IB"));
    }

    @Test
    void warnLineGivesItsSourceLocation() {
        // NVIDIA/nccl#428: "[%d] %s:%d NCCL WARN %s"
        NcclLine line = NcclLine.parse("ai-vtraining-prd-10-193-84-3:93569:93569 [0] misc/ibvwrap.cc:63 NCCL WARN Failed to open libibverbs.so[.1]");

        assertThat(line.level()).isEqualTo(Level.WARN);
        assertThat(line.location()).isEqualTo("misc/ibvwrap.cc:63");
        assertThat(line.message()).isEqualTo("Failed to open libibverbs.so[.1]");
    }

    @Test
    void warnLineOfNccl230KeepsFileAndLineWithoutTheFunction() {
        // debug.cc at NCCL 2.30: "[%d] %s:%d (%s) NCCL WARN %s"
        NcclLine line = NcclLine.parse("node-1:100:200 [0] plugin/net.cc:349 (ncclNetInit) NCCL WARN Failed to initialize any NET plugin");

        assertThat(line.location()).isEqualTo("plugin/net.cc:349");
        assertThat(line.message()).isEqualTo("Failed to initialize any NET plugin");
    }

    @Test
    void pluginWarnThroughNcclsLoggerNamesItsFunction() {
        // aws/aws-ofi-nccl#24
        NcclLine line = NcclLine.parse("[1,23]<stdout>:ip-172-32-45-165:72593:73427 [7] create_nccl_ofi_component:459 NCCL WARN "
                + "NET/OFI Couldn't open AV. RC: -22, ERROR: Invalid argument");

        assertThat(line.process()).isEqualTo(new ProcessId("ip-172-32-45-165", 72593));
        assertThat(line.label()).isEqualTo("rank 23");
        assertThat(line.location()).isEqualTo("create_nccl_ofi_component:459");
    }

    @Test
    void versionLineAtNcclDebugVersionHasNoProcess() {
        NcclLine line = NcclLine.parse("NCCL version 2.21.5+cuda12.4"); // NVIDIA/nccl-tests#217

        assertThat(line).isEqualTo(new NcclLine(null, null, Level.VERSION, null, "NCCL version 2.21.5+cuda12.4"));
    }

    @Test
    void pluginFunctionalTestLineHasFunctionAndLine() {
        // shared/seed/using-efa-on-the-dlami.txt
        NcclLine line = NcclLine.parse("INFO: Function: ofi_init Line: 714: NET/OFI Selected Provider is efa");

        assertThat(line).isEqualTo(new NcclLine(null, null, Level.INFO, "ofi_init:714", "NET/OFI Selected Provider is efa"));
        assertThat(NcclLine.parse("WARN: Function: create_nccl_ofi_component Line: 459: NET/OFI Couldn't open AV. RC: -22, ERROR: Invalid argument")
                .level()).isEqualTo(Level.WARN); // aws/aws-ofi-nccl#22
    }

    @Test
    void grepExcerptsWithoutHostAreStillNcclLines() {
        // aws-samples docs quote "NCCL INFO NET/OFI Selected Provider is efa (found 32 nics)"; others quote bare NET/OFI lines
        assertThat(NcclLine.parse("NCCL INFO NET/OFI Selected Provider is efa (found 32 nics)"))
                .isEqualTo(new NcclLine(null, null, Level.INFO, null, "NET/OFI Selected Provider is efa (found 32 nics)"));
        assertThat(NcclLine.parse("NET/OFI No eligible providers were found").message()).isEqualTo("NET/OFI No eligible providers were found");
    }

    @Test
    void unknownPrefixesBeforeTheHostAreSkipped() {
        // NVIDIA/nccl#1059 (pdsh-style "host: "), awslabs/awsome-distributed-ai#386 (Ray)
        assertThat(NcclLine.parse("MLVM2: MLVM2:10802:10802 [7] NCCL INFO NET/Plugin : No plugin found, using internal implementation").process())
                .isEqualTo(new ProcessId("MLVM2", 10802));
        assertThat(NcclLine.parse("(RayTrainWorker pid=950, ip=10.67.132.202) ini-worker-ray-worker-p5:950:3034 [0] NCCL INFO Channel 13/16 :"
                + "    0   7   6   5   4   3   2   1   8  15  14  13  12  11  10   9").process())
                .isEqualTo(new ProcessId("ini-worker-ray-worker-p5", 950));
    }

    @Test
    void anonymizedHostNamesStillParse() {
        // NVIDIA/nccl#952
        assertThat(NcclLine.parse("<cluster_name>:919:1150 [0] NCCL INFO Channel 00/0 : 0[0] -> 8[0] [receive] via NET/Socket/0").process())
                .isEqualTo(new ProcessId("<cluster_name>", 919));
    }

    @Test
    void otherLinesAreNotNcclLines() {
        assertThat(NcclLine.parse("#  Rank  0 Group  0 Pid  70918 on NAME device  0 [0x01] NVIDIA RTX A6000")).isNull();
        assertThat(NcclLine.parse("           8             2   float     sum    145.4    0.00    0.00  2e-07    152.8    0.00    0.00  1e-07")).isNull();
        assertThat(NcclLine.parse("[Rank 0] Synchronized, proceeding...")).isNull();
        assertThat(NcclLine.parse("")).isNull();
    }
}
