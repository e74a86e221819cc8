package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Prefixes as the launchers write them, in front of NCCL lines pasted in public issues. */
class LauncherPrefixTest {
    // aws/aws-ofi-nccl#24
    private static final String NCCL_LINE = "ip-172-32-38-1:21471:22316 [7] NCCL INFO Ring 00 : 7 -> 8 [send] via NET/AWS Libfabric/0";

    @Test
    void openMpiTagOutputGivesTheRank() {
        assertThat(LauncherPrefix.strip("[1,7]<stdout>:" + NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped("rank 7", NCCL_LINE));
        assertThat(LauncherPrefix.strip("[1,23]<stderr>: " + NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped("rank 23", NCCL_LINE));
    }

    @Test
    void srunLabelGivesTheTaskEvenWhenPadded() {
        assertThat(LauncherPrefix.strip("0: " + NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped("task 0", NCCL_LINE));
        assertThat(LauncherPrefix.strip(" 3: " + NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped("task 3", NCCL_LINE));
    }

    @Test
    void raysPrefixBeforeMpirunsIsTakenOffAndMpirunsRankIsTheOneThatCounts() {
        LauncherPrefix.Stripped head = LauncherPrefix.strip("(head, rank=0, pid=3808) [1,0]<stdout>:" + NCCL_LINE);
        LauncherPrefix.Stripped worker = LauncherPrefix.strip("(worker1, rank=1, pid=2769, ip=10.100.10.12) [1,9]<stdout>:" + NCCL_LINE);

        assertThat(head).isEqualTo(new LauncherPrefix.Stripped("rank 0", NCCL_LINE));
        assertThat(head.fromAnotherRank()).isFalse();
        assertThat(worker).isEqualTo(new LauncherPrefix.Stripped("rank 9", NCCL_LINE));
        assertThat(worker.fromAnotherRank()).isTrue();
        assertThat(LauncherPrefix.strip("[default3]:" + NCCL_LINE).fromAnotherRank()).as("a local rank").isFalse();
    }

    @Test
    void ncclkitRunPrefixGivesTheRank() {
        assertThat(LauncherPrefix.strip("[rank 1] " + NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped("rank 1", NCCL_LINE));
    }

    @Test
    void torchrunAndPytorchPrefixesGiveTheirRanks() {
        assertThat(LauncherPrefix.strip("[default3]:" + NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped("local rank 3", NCCL_LINE));
        assertThat(LauncherPrefix.strip("[rank0]:" + NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped("rank 0", NCCL_LINE));
    }

    @Test
    void timestampsGoWhetherNcclOrACollectorWroteThem() {
        // aws/aws-ofi-nccl#1020: NCCL_DEBUG_TIMESTAMP_FORMAT's default on a WARN line
        String warn = "ip-172-31-3-90:1929:1937 [0] nccl_net_ofi_rdma_init:7978 NCCL WARN NET/OFI OFI fi_getinfo() call failed: No data available";
        assertThat(LauncherPrefix.strip("[2025-10-16 22:16:08] " + warn).text()).isEqualTo(warn);
        assertThat(LauncherPrefix.strip("2025-05-16T16:39:51.208123456Z " + NCCL_LINE).text()).isEqualTo(NCCL_LINE);
    }

    @Test
    void severalPrefixesGoAndTheOuterLabelStays() {
        assertThat(LauncherPrefix.strip("0: [2025-10-16 22:16:08] " + NCCL_LINE))
                .isEqualTo(new LauncherPrefix.Stripped("task 0", NCCL_LINE));
    }

    @Test
    void terminalColoursGo() {
        assertThat(LauncherPrefix.strip("\u001B[32m" + NCCL_LINE + "\u001B[0m").text()).isEqualTo(NCCL_LINE);
    }

    @Test
    void aLineWithoutPrefixIsLeftAlone() {
        assertThat(LauncherPrefix.strip(NCCL_LINE)).isEqualTo(new LauncherPrefix.Stripped(null, NCCL_LINE));
        assertThat(LauncherPrefix.strip("10-90-43-152:120890:121560 [0] NCCL INFO x").text()).isEqualTo("10-90-43-152:120890:121560 [0] NCCL INFO x");
    }
}
