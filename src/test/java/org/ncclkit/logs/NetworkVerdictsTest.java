package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ncclkit.logs.LogFixtures.verify;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ncclkit.logs.Problem.Check;
import org.ncclkit.logs.Problem.Severity;

/** The verdict and the remediation for each real log, then each rule on its own. A new log: one fixture, one test here. */
class NetworkVerdictsTest {
    private static List<Check> checks(Verdict verdict) {
        return verdict.problems().stream().map(Problem::check).toList();
    }

    private static Problem problem(Verdict verdict, Check check) {
        return verdict.problems().stream().filter(p -> p.check() == check).findFirst()
                .orElseThrow(() -> new AssertionError("no " + check + " in " + verdict.problems()));
    }

    static List<String> fixtures() {
        return LogFixtures.names();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureSaysWhereItCameFromAndHoldsNcclLines(String name) {
        assertThat(LogFixtures.lines(name).getFirst()).startsWith("# source: ");
        assertThat(LogFixtures.summary(name).ncclLines()).isPositive();
    }

    // --- the real logs ---------------------------------------------------------------------------------------------

    @Test
    void dlamiAllReducePerfSamplePassesOnEfaThoughNccl24NamesNoNetwork() {
        Verdict verdict = verify("dlami-all-reduce-perf-efa-2.4.8.log", "efa");

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.summary()).isEqualTo("PASS: NCCL used NET/aws-ofi-nccl (inferred) with provider efa on 9 processes (2 hosts)");
        assertThat(verdict.notes()).anyMatch(n -> n.startsWith("GPUDirect RDMA unknown for 9 processes"));
    }

    @Test
    void dlamiPluginTestSamplePassesOnEfa() {
        Verdict verdict = verify("dlami-nccl-message-transfer-efa.log", "efa");

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.summary()).isEqualTo("PASS: NCCL used NET/AWS Libfabric with provider efa");
    }

    @Test
    void p4dRunWithGdrdmaPassesOnEfa() {
        Verdict verdict = verify("efa-libfabric-gdrdma-p4d-2.27.3.log", "efa");

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.summary()).isEqualTo(
                "PASS: NCCL used NET/Libfabric with provider efa on the only process (1 host), GPUDirect RDMA on 16 of 16 NET connections");
    }

    @Test
    void g5RunPassesOnEfaButWarnsThatThePluginTurnedGdrdmaOff() {
        Verdict verdict = verify("efa-no-gdrdma-g5-pytorch-2.23.4.log", "efa");

        assertThat(verdict.pass()).isTrue();
        assertThat(checks(verdict)).containsExactly(Check.NO_GDRDMA);
        Problem gdr = problem(verdict, Check.NO_GDRDMA);
        assertThat(gdr.severity()).isEqualTo(Severity.WARN);
        assertThat(gdr.reason()).startsWith("no GPUDirect RDMA: 8 NET connections without /GDRDMA on 2 processes");
        assertThat(gdr.remediation()).startsWith("aws-ofi-nccl turned GPUDirect RDMA off ('NET/OFI Could not disable CUDA API usage for HMEM, disabling GDR')");
        assertThat(verdict.notes()).anyMatch(n -> n.startsWith("8 error returns after init (often at abort or teardown), first: misc/socket.cc:47 -> 3"));
    }

    @Test
    void g5RunFailsWhenGdrdmaIsRequired() {
        Verdict verdict = NetworkVerdicts.judge(LogFixtures.summary("efa-no-gdrdma-g5-pytorch-2.23.4.log"), Expectation.of("efa", 0), true);

        assertThat(verdict.pass()).isFalse();
        assertThat(problem(verdict, Check.NO_GDRDMA).severity()).isEqualTo(Severity.FAIL);
    }

    @Test
    void socketFallbackFailsOnEfaWithThePluginFileToAddToTheLibraryPath() {
        Verdict verdict = verify("socket-fallback-no-plugin-2.18.3.log", "efa");

        assertThat(verdict.pass()).isFalse();
        Problem wrong = problem(verdict, Check.WRONG_NETWORK);
        assertThat(wrong.reason()).isEqualTo("expected EFA but NCCL used NET/Socket on all 2 processes (host ubuntu)");
        assertThat(wrong.remediation()).isEqualTo("the plugin libnccl-net.so was not found on LD_LIBRARY_PATH; add /opt/amazon/ofi-nccl/lib"
                + " (aws-ofi-nccl from the EFA installer), or set NCCL_NET_PLUGIN to the plugin's path");
        Problem init = problem(verdict, Check.INIT_FAILED);
        assertThat(init.processes()).containsExactly("ubuntu:9621");
        assertThat(init.remediation()).contains("libcuda.so").contains("NCCL_CUDA_PATH");
    }

    @Test
    void socketFallbackPassesWhenNoNetworkIsExpected() {
        Verdict verdict = verify("socket-fallback-no-plugin-2.18.3.log", "auto");

        assertThat(checks(verdict)).containsExactly(Check.INIT_FAILED); // still: one process logged a WARN and never finished init
        assertThat(verdict.expectation().target()).isEqualTo(Expectation.Target.USED);
    }

    @Test
    void nccl24SocketRunOnEightEc2HostsFailsOnEfa() {
        Verdict verdict = verify("socket-no-plugin-aws-2.4.7.log", "efa");

        assertThat(checks(verdict)).containsExactly(Check.WRONG_NETWORK);
        assertThat(problem(verdict, Check.WRONG_NETWORK).reason()).isEqualTo("expected EFA but NCCL used NET/Socket (inferred) on all 6 processes"
                + " (hosts ip-172-31-10-182, ip-172-31-11-73, ip-172-31-15-113, ip-172-31-15-231 and 2 more)");
        assertThat(problem(verdict, Check.WRONG_NETWORK).remediation()).startsWith("the plugin libnccl-net.so was not found on LD_LIBRARY_PATH");
        assertThat(verdict.notes()).contains("2 processes never say which network they used: ip-172-31-0-11:45384, ip-172-31-10-149:45381");
    }

    @Test
    void nccl24SocketRunFailsOnIbBecauseNoIbDeviceWasFound() {
        Verdict verdict = verify("socket-no-plugin-aws-2.4.7.log", "ib");

        assertThat(problem(verdict, Check.WRONG_NETWORK).remediation())
                .startsWith("NCCL found no InfiniBand/RoCE device (NET/IB : No device found.)");
    }

    @Test
    void roceRunPassesOnIbAndFailsOnEfa() {
        assertThat(verify("ib-roce-2.19.3.log", "ib").pass()).isTrue();
        Verdict efa = verify("ib-roce-2.19.3.log", "efa");
        assertThat(problem(efa, Check.WRONG_NETWORK).reason()).isEqualTo("expected EFA but NCCL used NET/IB on all 2 processes (hosts dgxh100-3, dgxh100-4)");
    }

    @Test
    void ibChannelsWithGdrdmaPassOnIb() {
        Verdict verdict = verify("ib-gdrdma-channels-a100.log", "ib");

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.summary()).endsWith("GPUDirect RDMA on 12 of 12 NET connections");
    }

    @Test
    void ncclNetAskingForAMissingPluginFailsInitWithThePluginsNames() {
        Verdict verdict = verify("net-plugin-not-found-nccl-net-set-2.23.log", "efa");

        assertThat(checks(verdict)).containsExactly(Check.INIT_FAILED);
        Problem init = problem(verdict, Check.INIT_FAILED);
        assertThat(init.reason()).isEqualTo("1 process reported errors and never logged Init COMPLETE (nid006365:180142):"
                + " net.cc:626 NCCL WARN Error: network AWS Libfabric not found.");
        assertThat(init.remediation()).startsWith("NCCL_NET=\"AWS Libfabric\" names a network that no loaded plugin provides,"
                + " and NCCL could not find ofi, libnccl-net-ofi.so");
    }

    @Test
    void ncclkitRanksOnSimulatedNodesPassOnSocketAndFailOnEfaForWantOfThePlugin() {
        String log = "socket-simulated-nodes-ncclkit-2.28.9.log";
        Verdict used = verify(log, "auto");
        Verdict efa = verify(log, "efa");

        assertThat(used.summary()).isEqualTo("PASS: NCCL used NET/Socket on all 2 processes (1 host), GPUDirect RDMA on 0 of 8 NET connections");
        assertThat(checks(efa)).containsExactly(Check.WRONG_NETWORK);
        // NCCL 2.28 logs "Failed to initialize NET plugin IB" for its own IB transport: that is no failed aws-ofi-nccl
        assertThat(problem(efa, Check.WRONG_NETWORK).remediation())
                .startsWith("the plugin libnccl-net.so was not found on LD_LIBRARY_PATH; add /opt/amazon/ofi-nccl/lib");
        assertThat(problem(verify(log, "ib"), Check.WRONG_NETWORK).remediation()).startsWith("NCCL found no InfiniBand/RoCE device");
    }

    @Test
    void ncclTestsUnderMpirunWithDistinctHostIdsPassOnSocket() {
        Verdict verdict = verify("socket-mpirun-nccl-tests-2.28.9.log", "socket");

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.summary()).startsWith("PASS: NCCL used NET/Socket on all 2 processes (1 host)");
    }

    @Test
    void aMissingPluginNamedByNcclNetPluginIsOneProblemNamingEveryProcess() {
        Verdict verdict = verify("net-plugin-ofi-missing-ncclkit-2.28.9.log", "auto");

        assertThat(checks(verdict)).containsExactly(Check.PLUGIN_NOT_FOUND);
        Problem missing = problem(verdict, Check.PLUGIN_NOT_FOUND);
        assertThat(missing.reason()).isEqualTo("NCCL_NET_PLUGIN=ofi but NCCL could not find ofi, libnccl-net-ofi.so and used NET/Socket instead");
        assertThat(missing.processes()).hasSize(2);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"net-ib-no-device-ncclkit-2.28.9.log", "net-ib-no-device-nccl-tests-2.28.9.log"})
    void ncclNetIbWithoutAnIbDeviceFailsInitAndSaysNoDeviceWasFound(String log) {
        Verdict verdict = verify(log, "auto");

        assertThat(LogFixtures.summary(log).processes()).allSatisfy(p -> assertThat(p.network()).isEmpty());
        assertThat(checks(verdict)).containsExactly(Check.INIT_FAILED);
        assertThat(problem(verdict, Check.INIT_FAILED).reason()).endsWith("NCCL WARN Failed to initialize any NET plugin");
        assertThat(problem(verdict, Check.INIT_FAILED).remediation()).isEqualTo("NCCL_NET=\"IB\" but NCCL found no InfiniBand/RoCE"
                + " device (NET/IB : No device found.): run on hosts where ibv_devinfo lists an active port, or unset NCCL_NET");
    }

    @Test
    void tcpProviderFailsOnEfa() {
        Verdict verdict = verify("ofi-tcp-provider-no-efa-g5.log", "efa");

        assertThat(checks(verdict)).containsExactly(Check.PROVIDER_NOT_EFA);
        Problem provider = problem(verdict, Check.PROVIDER_NOT_EFA);
        assertThat(provider.reason()).isEqualTo("aws-ofi-nccl selected provider tcp (fabric 172.31.32.0/20), not efa, on 1 process"
                + " (lines without a host prefix)");
        assertThat(provider.remediation()).startsWith("Libfabric offered no EFA provider ('NET/OFI No eligible providers were found')");
    }

    @Test
    void tcpProviderIsOnlyANoteWhenNoNetworkIsExpected() {
        Verdict verdict = verify("ofi-tcp-provider-no-efa-g5.log", "auto");

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.notes()).contains("aws-ofi-nccl ran over Libfabric's tcp provider, not efa");
    }

    @Test
    void socketOnAnIbClusterFailsWithTheInitErrorAndTheWrongNetwork() {
        Verdict verdict = verify("socket-on-ib-cluster-errors.log", "ib");

        assertThat(checks(verdict)).containsExactly(Check.INIT_FAILED, Check.WRONG_NETWORK);
        assertThat(problem(verdict, Check.INIT_FAILED).reason()).endsWith(
                "(<cluster_name>:922): proxy.cc:1485 NCCL WARN [Service thread] Error encountered progressing operation=Connect, res=2, closing connection");
        assertThat(problem(verdict, Check.WRONG_NETWORK).reason()).isEqualTo("expected IB but NCCL used NET/Socket on the only process (host <cluster_name>)");
    }

    @Test
    void hungEfaJobUnderMpirunFailsOnTheOfiErrorAndWarnsOfMissingGdrdma() {
        Verdict verdict = verify("tag-output-efa-av-error-hang.log", "efa");

        assertThat(checks(verdict)).containsExactly(Check.INIT_FAILED, Check.NO_GDRDMA);
        Problem init = problem(verdict, Check.INIT_FAILED);
        assertThat(init.processes()).containsExactly("ip-172-32-36-209:8800", "ip-172-32-45-165:72593");
        assertThat(init.reason()).endsWith("create_nccl_ofi_component:459 NCCL WARN NET/OFI Couldn't open AV. RC: -22, ERROR: Invalid argument");
        assertThat(init.remediation()).startsWith("aws-ofi-nccl failed on that host: run fi_info -p efa -t FI_EP_RDM there");
    }

    // --- the rules on their own ------------------------------------------------------------------------------------

    @Test
    void noNcclLinesAtAllAsksForNcclDebugInfo() {
        Verdict verdict = NetworkVerdicts.judge(NcclLogParser.parse(List.of("# Avg bus bandwidth    : 2.80613")), Expectation.of("efa", 0), false);

        assertThat(verdict.pass()).isFalse();
        assertThat(checks(verdict)).containsExactly(Check.NO_NCCL_LINES);
        assertThat(problem(verdict, Check.NO_NCCL_LINES).reason()).isEqualTo("no NCCL INFO lines in 1 lines of log");
        assertThat(problem(verdict, Check.NO_NCCL_LINES).remediation()).startsWith("set NCCL_DEBUG=INFO");
    }

    @Test
    void onlyWarnLinesMeanNcclDebugWasNotInfo() {
        // eth-cscs/cscs-docs: what NCCL_DEBUG=WARN shows
        LogSummary log = NcclLogParser.parse(List.of("nid006352:34157:34217 [1] net.cc:626 NCCL WARN Error: network AWS Libfabric not found."));
        Verdict verdict = NetworkVerdicts.judge(log, Expectation.of("efa", 0), false);

        assertThat(checks(verdict)).containsExactly(Check.NO_INFO_LINES, Check.INIT_FAILED);
        assertThat(problem(verdict, Check.NO_INFO_LINES).remediation()).startsWith("set NCCL_DEBUG=INFO");
    }

    @Test
    void infoLinesThatNeverNameANetworkFailAnExpectation() {
        LogSummary log = NcclLogParser.parse(List.of("dgxh100-4:460770:460770 [0] NCCL INFO Bootstrap : Using enp220s0np0:11.1.128.136<0>"));

        assertThat(checks(NetworkVerdicts.judge(log, Expectation.of("ib", 0), false))).containsExactly(Check.NO_NETWORK_LINE);
        assertThat(NetworkVerdicts.judge(log, Expectation.of("auto", 0), false).pass()).isTrue();
    }

    @Test
    void hostsOnDifferentNetworksFailEvenWithoutAnExpectation() {
        // two real logs joined: the p4d host on Libfabric, the "ubuntu" hosts on Socket
        List<String> lines = new ArrayList<>(LogFixtures.lines("efa-libfabric-gdrdma-p4d-2.27.3.log"));
        lines.addAll(LogFixtures.lines("socket-fallback-no-plugin-2.18.3.log"));
        Verdict verdict = NetworkVerdicts.judge(NcclLogParser.parse(lines), Expectation.of("auto", 0), false);

        Problem mixed = problem(verdict, Check.MIXED_NETWORKS);
        assertThat(mixed.reason()).isEqualTo("processes used different networks: NET/Libfabric on 1 process (host llama-3-8b-node-0-0),"
                + " NET/Socket on 2 processes (host ubuntu)");
        assertThat(mixed.remediation()).contains("LD_LIBRARY_PATH").contains("mpirun -x");
        assertThat(problem(verdict, Check.MIXED_NCCL_VERSIONS).severity()).isEqualTo(Severity.WARN);
    }

    @Test
    void requestedPluginThatWasNotFoundFailsWhateverTheExpectation() {
        // plugin/net.cc and plugin_open.cc at NCCL 2.30 for NCCL_NET_PLUGIN naming a missing file, then init.cc's network line
        LogSummary log = NcclLogParser.parse(List.of(
                "gpu1:7:7 [0] NCCL INFO NCCL_NET_PLUGIN set by environment to /opt/missing/libnccl-net.so",
                "gpu1:7:8 [0] NCCL INFO NET/Plugin: Could not find: /opt/missing/libnccl-net.so",
                "gpu1:7:8 [0] NCCL INFO Using network Socket"));

        Verdict used = NetworkVerdicts.judge(log, Expectation.of("auto", 0), false);
        assertThat(checks(used)).containsExactly(Check.PLUGIN_NOT_FOUND);
        assertThat(problem(used, Check.PLUGIN_NOT_FOUND).reason()).isEqualTo("NCCL_NET_PLUGIN=/opt/missing/libnccl-net.so but NCCL could not"
                + " find /opt/missing/libnccl-net.so and used NET/Socket instead");
        Verdict efa = NetworkVerdicts.judge(log, Expectation.of("efa", 0), false);
        assertThat(checks(efa)).containsExactly(Check.WRONG_NETWORK);
        assertThat(problem(efa, Check.WRONG_NETWORK).remediation()).startsWith("NCCL_NET_PLUGIN=/opt/missing/libnccl-net.so but NCCL could not find");
    }

    @Test
    void ncclNetIbWithoutIbDeviceSaysToRunWhereHcasAreOrUnsetNcclNet() {
        // as in NcclLogParserTest: NCCL 2.30's lines for NCCL_NET=IB on a host without HCAs, from its format strings
        LogSummary log = NcclLogParser.parse(List.of("gpu1:7:8 [0] NCCL INFO NET/IB : No device found.",
                "gpu1:7:8 [0] NCCL INFO Failed to initialize NET plugin IB",
                "gpu1:7:8 [0] plugin/net.cc:349 NCCL WARN Failed to initialize any NET plugin",
                "gpu1:7:8 [0] NCCL INFO init.cc:475 (commAlloc) -> 5"));
        Verdict verdict = NetworkVerdicts.judge(log, Expectation.of("auto", 0), false);

        assertThat(checks(verdict)).containsExactly(Check.INIT_FAILED);
        assertThat(problem(verdict, Check.INIT_FAILED).remediation()).isEqualTo("NCCL_NET=\"IB\" but NCCL found no InfiniBand/RoCE device"
                + " (NET/IB : No device found.): run on hosts where ibv_devinfo lists an active port, or unset NCCL_NET");
    }

    @Test
    void socketExpectedButEfaUsedFails() {
        Verdict verdict = verify("efa-libfabric-gdrdma-p4d-2.27.3.log", "socket");

        assertThat(problem(verdict, Check.WRONG_NETWORK).remediation()).isEqualTo("set NCCL_NET=Socket to make NCCL use its socket transport");
    }

    @Test
    void failedPluginTestFails() {
        // tests/functional/functional_test.cpp: "Results: %d/%zu passed", through the test's logger
        LogSummary log = NcclLogParser.parse(List.of("INFO: Function: run_all Line: 120: NET/OFI Results: 1/2 passed"));

        assertThat(checks(NetworkVerdicts.judge(log, Expectation.of("auto", 0), false))).contains(Check.PLUGIN_TEST_FAILED);
    }
}
