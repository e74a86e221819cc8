package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncclkit.logs.ChannelLink.Transport;

/** Channel lines in every format NCCL has used; each comment names the issue the line comes from or the format string. */
class ChannelLinkTest {
    @Test
    void nccl24RingLineWithNetworkNameContainingASpace() {
        // aws/aws-ofi-nccl#24, NCCL 2.4 "Ring %02d : %d -> %d [send] via NET/%s/%d%s"
        ChannelLink link = ChannelLink.parse("Ring 00 : 7 -> 8 [send] via NET/AWS Libfabric/0");

        assertThat(link).isEqualTo(new ChannelLink(0, 7, 8, Transport.NET, "NET/AWS Libfabric/0", "AWS Libfabric", 0, false));
        assertThat(link.kind()).isEqualTo("NET/AWS Libfabric");
    }

    @Test
    void busIdFormatWithGdrdma() {
        // NVIDIA/nccl#707, NCCL 2.5-2.11 "Channel %02d : %d[%lx] -> %d[%lx] [receive] via NET/%s/%d%s"
        ChannelLink link = ChannelLink.parse("Channel 01 : 2[c7000] -> 0[87000] [receive] via NET/IB/5/GDRDMA");

        assertThat(link).isEqualTo(new ChannelLink(1, 2, 0, Transport.NET, "NET/IB/5/GDRDMA", "IB", 5, true));
    }

    @Test
    void currentFormatWithConnectionIndex() {
        // github.com/gnosia93/training-on-eks, NCCL 2.27 "Channel %02d/%d : %d[%d] -> %d[%d] [send] via NET/%s/%d%s%s%s"
        assertThat(ChannelLink.parse("Channel 01/0 : 0[0] -> 1[0] [send] via NET/Libfabric/0/GDRDMA"))
                .isEqualTo(new ChannelLink(1, 0, 1, Transport.NET, "NET/Libfabric/0/GDRDMA", "Libfabric", 0, true));
        // NVIDIA/nccl#1814: the HPC-X plugin's network name
        assertThat(ChannelLink.parse("Channel 06/0 : 36[4] -> 20[4] [send] via NET/IBext_v8/3").netName()).isEqualTo("IBext_v8");
    }

    @Test
    void proxyRankPciAndSharedSuffixes() {
        // transport/net.cc at NCCL 2.30: "... via NET/%s/%d(%d)%s%s%s" with "/GDRDMA", "(PCI)", "/Shared"
        ChannelLink link = ChannelLink.parse("Channel 02/1 : 3[3] -> 11[3] [send] via NET/IB/1(2)/GDRDMA(PCI)/Shared");

        assertThat(link.netName()).isEqualTo("IB");
        assertThat(link.netDevice()).isEqualTo(1);
        assertThat(link.gdrdma()).isTrue();
    }

    @Test
    void p2pAndShmAreCountedByTheirKind() {
        // NVIDIA/nccl#952 and NVIDIA/nccl-tests#360
        assertThat(ChannelLink.parse("Channel 04/0 : 9[1] -> 10[2] via P2P/IPC/read").kind()).isEqualTo("P2P/IPC");
        assertThat(ChannelLink.parse("Channel 14/0 : 7[7] -> 6[6] via P2P/CUMEM").kind()).isEqualTo("P2P/CUMEM");
        // shm.cc at NCCL 2.30 "Channel %02d : %d[%d] -> %d[%d] via SHM/direct", NCCL 2.4 "... via direct shared memory"
        assertThat(ChannelLink.parse("Channel 00 : 0[0] -> 1[1] via SHM/direct").transport()).isEqualTo(Transport.SHM);
        assertThat(ChannelLink.parse("Ring 00 : 0[0] -> 1[1] via direct shared memory").kind()).isEqualTo("SHM");
        assertThat(ChannelLink.parse("Channel 00/0 : 0[0] -> 1[1] via P2P/direct pointer").kind()).isEqualTo("P2P/direct pointer");
    }

    @Test
    void collNetLine() {
        // coll_net.cc: "CollNet %02d/%1d : %d [send] via COLLNET/%s/%d%s%s"
        ChannelLink link = ChannelLink.parse("CollNet 00/0 : 3 [send] via COLLNET/SHARP/0/GDRDMA");

        assertThat(link.transport()).isEqualTo(Transport.COLLNET);
        assertThat(link.kind()).isEqualTo("COLLNET/SHARP");
    }

    @Test
    void ringOrderListingsAreNotConnections() {
        assertThat(ChannelLink.parse("Channel 00/02 : 0 1 2 3")).isNull();
        assertThat(ChannelLink.parse("Channel 00 :    0   1   3   2   6   4   5   7   8   9  11  10  14  12  13  15")).isNull();
        assertThat(ChannelLink.parse("Connected all rings")).isNull();
    }
}
