package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.PluginTransferCheck;
import org.ncclkit.testing.ChildProcess;

/**
 * {@code ncclkit run -np 2 check plugin} in real processes against the C NET plugin fixture ({@link FixturePlugin}),
 * in host memory; {@code CheckPluginGpuTest} runs it in GPU memory.
 */
class CheckPluginCommandTest {
    private static final Path FIXTURE = FixturePlugin.NEWEST;
    private static final Path FIXTURE_V8 = FixturePlugin.V8;

    private static ChildProcess check(String fault, Path plugin, String... args) {
        return FixturePlugin.check(List.of("FIXTURE_NET_FAULT=" + fault), plugin, args);
    }

    @Test
    void twoRanksConnectTransferAndValidateEveryByteThroughTheNewestVersion() {
        ChildProcess run = check("", FIXTURE, "--sizes", "512,4K,1M:2M,5K:4K");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("NCCLNet device used on", "is Fixture", "ncclNetPlugin_v12; exports v12 v8",
                "Rank 0: Received 1 network devices",
                "dev 0: lo, pci /sys/devices/virtual/net/lo, 10000 Mbps, port 1, memory host, regIsGlobal 0",
                "Rank 0: Server: Listening on dev 0", "Rank 0: Successfully accepted connection from rank 1",
                "Rank 0: Posted 32 receive buffers of 2M",
                "Rank 0: Got completions for 32 requests for rank 1", "Rank 0: All 32 messages of 1M->2M validated",
                "Rank 0: Skipping 5K->4K", "Rank 0: testing host memory\n",
                "# check plugin passed: 96 messages, " + 32 * (512 + 4096 + (1 << 20)) + " bytes validated");
        assertThat(run.out() + run.err()).as("rank 1's lines (--all-output)").contains("Rank 1: Connected to rank 0 on dev 0",
                "Rank 1: Sent 32 requests of 1M to rank 0", "Rank 1: Got completions for 32 requests for rank 0");
    }

    @Test
    void cudaMemoryIsRefusedAsAUsageErrorWhenTheDeviceDoesNotTakeIt() {
        // FIXTURE_NET_CUDA=1 only adds NCCL_PTR_CUDA where libcuda.so.1 loads; without it the device is host-only
        ChildProcess run = FixturePlugin.check(List.of("FIXTURE_NET_CUDA=0"), FIXTURE, "--sizes", "512", "--memory", "cuda");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("device 0 does not take CUDA memory: its ptrSupport (host) lacks NCCL_PTR_CUDA")
                .doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("Posted");
    }

    @Test
    void anUnknownMemoryKindIsAUsageErrorBeforeAnyRankStarts() {
        ChildProcess run = FixturePlugin.check(List.of(), FIXTURE, "--memory", "gpu");

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--memory must be host, cuda or both, not 'gpu'");
    }

    @Test
    void thePluginsVariadicLogLinesArriveFormatted() {
        ChildProcess run = check("", FIXTURE, "--sizes", "512", "--requests", "2");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("INFO: File: fixture_net.c Line: \\d+: NET/Fixture Initializing fixture plugin "
                + "tcp-loopback \\(struct v12\\), 1 device, pid \\d+, handle 20 bytes, mode -, max requests 1024, "
                + "flags 0x10, 100% done, 0.25 ms")
                .containsPattern("NET/Fixture listening on 127.0.0.1:\\d+");
    }

    @Test
    void aV8OnlyPluginIsDrivenThroughTheV8TableWith255RequestsInFlight() {
        ChildProcess run = check("", FIXTURE_V8, "--sizes", "4K,16K:17K", "--requests", "255");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("ncclNetPlugin_v8; exports v8", "(struct v8)", "Rank 0: Posted 255 receive buffers of 17K",
                "# check plugin passed: 510 messages");
    }

    @Test
    void aCorruptedByteFailsTheCheckWithExitSevenAndIsNamed() {
        ChildProcess run = check("corrupt", FIXTURE, "--sizes", "4K");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
        assertThat(run.out()).contains("WARN: File: fixture_net.c", "corrupting byte 100 of receive number 3",
                "Rank 0: Data validation failed: message 3 of 32 (4K), byte 100: received 0x",
                "# check plugin FAILED");
    }

    @Test
    void aRequestThatNeverCompletesFailsWithinTheTimeoutWithExitFour() {
        ChildProcess run = check("hang", FIXTURE, "--sizes", "4K", "--timeout", "2");

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.TIMEOUT);
        assertThat(run.err()).contains("ncclkit: error: rank 0 (host ",
                "32 of 32 receives of 4K from rank 1 still not complete after 2 s");
        assertThat(run.took()).isLessThan(Duration.ofSeconds(40));
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void aLibraryThatIsNoPluginIsRefusedClearly() {
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "2", "check", "plugin", "--plugin",
                "libc.so.6"), Duration.ofSeconds(60));

        assertThat(run.status()).isNotZero();
        assertThat(run.err()).contains("exports no ncclNetPlugin_v8..v12 symbol").doesNotContain("\tat ");
    }

    @Test
    void theLibraryFollowsNcclNetPluginLikeNcclDoes() {
        assertThat(CheckPluginCommand.pluginLibrary("/x/p.so", Map.of("NCCL_NET_PLUGIN", "ofi"))).isEqualTo("/x/p.so");
        assertThat(CheckPluginCommand.pluginLibrary(null, Map.of("NCCL_NET_PLUGIN", "ofi"))).isEqualTo("libnccl-net-ofi.so");
        assertThat(CheckPluginCommand.pluginLibrary(null, Map.of("NCCL_NET_PLUGIN", "/opt/p/libnccl-net.so")))
                .isEqualTo("/opt/p/libnccl-net.so");
        assertThat(CheckPluginCommand.pluginLibrary(null, Map.of())).isEqualTo("libnccl-net.so");
    }

    @Test
    void withFourRanksOnTwoNodesRankZeroTestsWithTheFirstRankOfTheOtherNodeAndTheOthersWait() {
        assumeTrue(Files.exists(FixturePlugin.NEWEST), "no fixture plugin: gcc was missing when the test build ran");

        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "4", "--simulate-nodes", "2", "check", "plugin",
                "--plugin", FixturePlugin.NEWEST.toString(), "--sizes", "512,1M"), Duration.ofSeconds(90));

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Successfully accepted connection from rank 2", "# check plugin passed: 64 messages");
    }

    @Test
    void rankZerosPartnerIsTheFirstRankOnAnotherNode() {
        assertThat(PluginTransferCheck.peerOf(List.of("a", "a", "b", "b"))).isEqualTo(2);
        assertThat(PluginTransferCheck.peerOf(List.of("a/n0", "a/n1"))).isEqualTo(1);
        assertThat(PluginTransferCheck.peerOf(List.of("a", "a", "a"))).isEqualTo(1);
    }
}
