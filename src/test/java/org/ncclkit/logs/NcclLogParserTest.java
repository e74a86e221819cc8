package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.ncclkit.logs.LogFixtures.process;
import static org.ncclkit.logs.LogFixtures.summary;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.logs.PluginEvent.Kind;

/** The facts the parser keeps from real logs (fixtures) and from single lines in each wording NCCL has used. */
class NcclLogParserTest {
    private static ProcessSummary only(String... lines) {
        LogSummary log = NcclLogParser.parse(List.of(lines));
        assertThat(log.processes()).hasSize(1);
        return log.processes().getFirst();
    }

    @Test
    void efaRunGivesVersionsPluginProviderNetworkAndGdrdmaChannels() {
        LogSummary log = summary("efa-libfabric-gdrdma-p4d-2.27.3.log");
        ProcessSummary p = process(log, "llama-3-8b-node-0-0:188");

        assertThat(log.ncclVersions()).containsExactly("2.27.3+cuda12.9");
        assertThat(p.plugin()).contains(new PluginEvent(Kind.REQUESTED, "libnccl-net.so", null),
                new PluginEvent(Kind.LOADED, "Libfabric", "Libfabric (v10)"), new PluginEvent(Kind.LOADED, "libnccl-net.so", null));
        assertThat(p.ofiPluginVersion()).isEqualTo("aws-ofi-nccl 1.16.2");
        assertThat(p.libfabricVersion()).isEqualTo("2.1");
        assertThat(p.platform()).isEqualTo("p4d.24xlarge");
        assertThat(p.providers()).containsExactly(new OfiProvider("efa", "efa", 1));
        assertThat(p.network()).containsExactly("Libfabric");
        assertThat(p.networkEvidence()).isEqualTo("Using network");
        assertThat(p.netLinks()).isEqualTo(16);
        assertThat(p.gdrdmaLinks()).isEqualTo(16);
        assertThat(p.ranks()).containsExactly(0);
        assertThat(p.initCompleted()).isEqualTo(2);
        assertThat(p.environment()).containsEntry("NCCL_PROTO", "simple").containsEntry("NCCL_BUFFSIZE", "8388608");
    }

    @Test
    void pytorchJobSeparatesProcessesAndErrorsBeforeAndAfterInit() {
        LogSummary log = summary("efa-no-gdrdma-g5-pytorch-2.23.4.log");

        assertThat(log.attributedProcesses()).extracting(ProcessSummary::id)
                .containsExactly("compute-gpu-st-distributed-ml-1:7614", "compute-gpu-st-distributed-ml-2:7070");
        ProcessSummary p = process(log, "compute-gpu-st-distributed-ml-2:7070");
        assertThat(p.providers()).containsExactly(new OfiProvider("efa", null, 1));
        assertThat(p.gdrDisabledByPlugin()).isTrue();
        assertThat(p.network()).containsExactly("AWS Libfabric");
        assertThat(p.transports()).containsEntry("NET/AWS Libfabric", 4);
        assertThat(p.gdrdmaLinks()).isZero();
        assertThat(p.errorsBeforeInitCount()).isZero();
        assertThat(p.errorsAfterInitCount()).isEqualTo(4);
        assertThat(p.errorsAfterInit().getFirst()).isEqualTo(new ErrorTrace("misc/socket.cc:47", 3, "misc/socket.cc:47 -> 3"));
        assertThat(p.initFailed()).isFalse();
    }

    @Test
    void mpirunTagOutputLinesGoToTheirProcesses() {
        LogSummary log = summary("tag-output-efa-av-error-hang.log");

        assertThat(log.hosts()).containsExactly("ip-172-32-34-121", "ip-172-32-36-209", "ip-172-32-38-1", "ip-172-32-45-165");
        ProcessSummary failed = process(log, "ip-172-32-45-165:72593");
        assertThat(failed.label()).isEqualTo("rank 23");
        assertThat(failed.warnings()).extracting(ErrorTrace::location).containsExactly("create_nccl_ofi_component:459");
        assertThat(failed.channelNetworks()).containsExactly("AWS Libfabric");
        assertThat(process(log, "ip-172-32-36-209:8800").errorsBeforeInit())
                .containsExactly(new ErrorTrace("include/net.h:24", 2, "include/net.h:24 -> 2"));
        assertThat(process(log, "ip-172-32-36-209:8716").transports()).containsEntry("P2P/IPC", 1);
    }

    @Test
    void nccl24LogWithoutUsingNetworkLineInfersThePluginFromItsProvider() {
        LogSummary log = summary("dlami-all-reduce-perf-efa-2.4.8.log");
        ProcessSummary p = process(log, "ip-172-31-41-105:3801");

        assertThat(log.ncclVersions()).containsExactly("2.4.8cuda10.0");
        assertThat(p.providers()).containsExactly(new OfiProvider("efa", null, -1));
        assertThat(p.network()).containsExactly("aws-ofi-nccl");
        assertThat(p.networkEvidence()).startsWith("inferred");
        assertThat(process(log, "ip-172-31-41-36:4124").ranks()).containsExactly(8);
        assertThat(log.attributedProcesses()).hasSize(16);
    }

    @Test
    void nccl24LogWithoutPluginAndIbInfersSockets() {
        ProcessSummary p = process(summary("socket-no-plugin-aws-2.4.7.log"), "ip-172-31-10-182:45407");

        assertThat(p.plugin()).containsExactly(new PluginEvent(Kind.NOT_FOUND, "libnccl-net.so", null));
        assertThat(p.ibNoDevice()).isTrue();
        assertThat(p.socketInterfaces()).isEqualTo("[0]ens3:172.31.10.182<0>");
        assertThat(p.network()).containsExactly("Socket");
        assertThat(p.networkEvidence()).startsWith("inferred");
    }

    @Test
    void pluginFunctionalTestLinesMakeOneGroupWithoutHost() {
        LogSummary log = summary("dlami-nccl-message-transfer-efa.log");
        ProcessSummary p = log.processes().getFirst();

        assertThat(log.processes()).hasSize(1);
        assertThat(p.attributed()).isFalse();
        assertThat(p.network()).containsExactly("AWS Libfabric");
        assertThat(p.providers()).hasSize(2).allMatch(OfiProvider::isEfa);
        assertThat(p.pluginTestCompletions()).isEqualTo(2);
    }

    @Test
    void pluginNotFoundInEachNcclWording() {
        // NCCL 2.4 (NVIDIA/nccl#352), 2.10 (#1126), 2.18 (#1052), 2.19 (#1231), 2.21 (#1591), 2.23 (eth-cscs/cscs-docs),
        // 2.26-2.27 and 2.28+ (src/plugin/plugin_open.cc "NET/Plugin: Could not find:%s%s%s")
        List<String> wordings = List.of(
                "h:1:1 [0] NCCL INFO NET/Plugin : No plugin found (libnccl-net.so).",
                "h:1:1 [0] NCCL INFO NET/Plugin : No plugin found (libnccl-net.so), using internal implementation",
                "h:1:1 [0] NCCL INFO NET/Plugin : Plugin load (libnccl-net.so) returned 2 : libnccl-net.so: cannot open shared object file: No such file or directory",
                "h:1:1 [0] NCCL INFO NET/Plugin : dlerror=libnccl-net.so: cannot open shared object file: No such file or directory No plugin found (libnccl-net.so), using internal implementation",
                "h:1:1 [0] NCCL INFO NET/Plugin: Plugin load returned 2 : libnccl-net.so: cannot open shared object file: No such file or directory : when loading libnccl-net.so",
                "h:1:1 [0] NCCL INFO NET/Plugin: Could not find: libnccl-net.so. Using internal net plugin.",
                "h:1:1 [0] NCCL INFO NET/Plugin: Could not find: libnccl-net.so");
        for (String wording : wordings) {
            assertThat(only(wording).plugin()).as(wording).extracting(PluginEvent::kind, PluginEvent::name)
                    .contains(tuple(Kind.NOT_FOUND, "libnccl-net.so"));
        }
    }

    @Test
    void everyFileTheRequestedPluginWasLookedForIsKept() {
        ProcessSummary p = only("nid006365:180142:180163 [0] NCCL INFO NET/Plugin: Could not find: ofi libnccl-net-ofi.so. Using internal network plugin.");

        assertThat(p.plugin()).containsExactly(new PluginEvent(Kind.NOT_FOUND, "ofi", null),
                new PluginEvent(Kind.NOT_FOUND, "libnccl-net-ofi.so", null), new PluginEvent(Kind.INTERNAL, null, null));
    }

    @Test
    void pluginThatExistsButDoesNotLoadIsNotNotFound() {
        // plugin_open.cc at NCCL 2.28+: "%s/Plugin: %s: %s" with the dlerror() of a file that exists
        ProcessSummary p = only("h:1:1 [0] NCCL INFO NET/Plugin: libnccl-net-ofi.so: libfabric.so.1: cannot open shared object file: No such file or directory");

        assertThat(p.plugin()).containsExactly(new PluginEvent(Kind.LOAD_FAILED, "libnccl-net-ofi.so",
                "libfabric.so.1: cannot open shared object file: No such file or directory"));
        assertThat(p.pluginNotFound()).isFalse();
    }

    @Test
    void requestedPluginAndItsFailureAtNccl230() {
        // plugin/net.cc at NCCL 2.30: "NCCL_NET_PLUGIN set by environment to %s", plugin_open.cc "Could not find:%s%s%s"
        ProcessSummary p = only("h:1:1 [0] NCCL INFO NCCL_NET_PLUGIN set by environment to /opt/missing/libnccl-net.so",
                "h:1:1 [0] NCCL INFO NET/Plugin: Could not find: /opt/missing/libnccl-net.so");

        assertThat(p.pluginRequested()).isEqualTo("/opt/missing/libnccl-net.so");
        assertThat(p.plugin()).extracting(PluginEvent::kind).containsExactly(Kind.REQUESTED, Kind.NOT_FOUND);
    }

    @Test
    void providerInBothSpellings() {
        // aws-ofi-nccl <= 1.13: "Selected Provider is %s (found %d nics)"; >= 1.14.0: "Selected provider is %s, fabric is %s (found %d nics)"
        assertThat(only("8h200-3:6310:6318 [0] NCCL INFO NET/OFI Selected Provider is efa (found 16 nics)").providers())
                .containsExactly(new OfiProvider("efa", null, 16));
        assertThat(only("h:1:1 [0] NCCL INFO NET/OFI Selected provider is efa, fabric is efa-direct (found 32 nics)").providers())
                .containsExactly(new OfiProvider("efa", "efa-direct", 32));
        assertThat(only("h:1:1 [0] NCCL INFO NET/OFI Selected Provider is tcp;ofi_rxm (found 1 nics)").providers().getFirst().isEfa()).isFalse();
    }

    @Test
    void ncclNetIbWithoutIbDeviceIsAnInitFailure() {
        // What NCCL at 5067397 (2.30) writes for NCCL_NET=IB on a host without HCAs, built from its format strings and
        // line numbers (no captured log yet): transport/net_ib/init.cc "NET/IB : No device found.", plugin/net.cc:208
        // "Failed to initialize NET plugin %s", plugin/net.cc:349 WARN "Failed to initialize any NET plugin", and the
        // NCCLCHECK around ncclNetInit in commAlloc at init.cc:475 (debug.h INFO_LOC: "%s:%d (%s) -> %d")
        ProcessSummary p = only("gpu1:7:8 [0] NCCL INFO NET/IB : No device found.",
                "gpu1:7:8 [0] NCCL INFO Failed to initialize NET plugin IB",
                "gpu1:7:8 [0] plugin/net.cc:349 NCCL WARN Failed to initialize any NET plugin",
                "gpu1:7:8 [0] NCCL INFO init.cc:475 (commAlloc) -> 5");

        assertThat(p.ibNoDevice()).isTrue();
        assertThat(p.plugin()).containsExactly(new PluginEvent(Kind.INIT_FAILED, "IB", null));
        assertThat(p.initFailed()).isTrue();
        assertThat(p.errorsBeforeInit()).containsExactly(new ErrorTrace("init.cc:475", 5, "init.cc:475 (commAlloc) -> 5"));
        assertThat(p.firstError().message()).isEqualTo("Failed to initialize any NET plugin");
    }

    @Test
    void errorReturnOfNccl230NamesTheFunction() {
        // debug.h at NCCL 2.30: INFO_LOC "%s:%d (%s) " fmt with checks.h "-> %d"
        assertThat(only("h:1:1 [0] NCCL INFO init.cc:1754 (ncclCommInitRankDev) -> 5").errorsBeforeInit())
                .containsExactly(new ErrorTrace("init.cc:1754", 5, "init.cc:1754 (ncclCommInitRankDev) -> 5"));
    }

    @Test
    void feedingLineByLineGivesTheSameSummaryAsParsingTheWholeLog() {
        List<String> lines = LogFixtures.lines("efa-no-gdrdma-g5-pytorch-2.23.4.log");
        NcclLogParser parser = new NcclLogParser();
        lines.forEach(parser::accept);

        assertThat(parser.summary()).isEqualTo(NcclLogParser.parse(lines));
        assertThat(parser.summary().lines()).isEqualTo(lines.size());
    }

    @Test
    void aLogWithoutNcclLinesHasNoProcesses() {
        LogSummary log = NcclLogParser.parse(List.of("# nThread 1 nGpus 1 minBytes 8 maxBytes 134217728", "hello"));

        assertThat(log.ncclLines()).isZero();
        assertThat(log.processes()).isEmpty();
    }
}
