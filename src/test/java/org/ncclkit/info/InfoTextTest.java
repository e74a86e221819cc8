package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfoTextTest {
    @Test
    void nodeWithGpusShowsOneAlignedLinePerGpuLibraryPluginAndVariable() {
        String text = InfoText.render(NodeInfoFixtures.withGpus());

        assertThat(text.lines()).containsExactly(
                "Host          gpu-node-1",
                "Driver        580.65.06   CUDA 13.0",
                "GPUs          2",
                "  0   NVIDIA H100 80GB HBM3        0000:53:00.0      79.6 GiB  sm_90  NVLinks up: 18  ECC uncorrected: 0  persistence: on",
                "  1   NVIDIA H100 80GB HBM3        0000:64:00.0      80.0 GiB  sm_90  NVLinks up: n/a  ECC uncorrected: n/a  persistence: n/a",
                "Libraries",
                "  CUDA driver  13.0       /usr/lib/x86_64-linux-gnu/libcuda.so.1 (from the ldconfig cache)",
                "  NCCL         2.28.9     /opt/nccl/lib/libnccl.so.2 (from NCCL_HOME=/opt/nccl)",
                "  libfabric    libfabric.so.1 not found; set NCCLKIT_LIBFABRIC to its path",
                "NET plugins   /opt/amazon/ofi-nccl/lib/libnccl-net.so (aws-ofi-nccl 1.16.3)",
                "              /opt/amazon/ofi-nccl/lib/libnccl-net-ofi.so (aws-ofi-nccl 1.16.3)",
                "EFA devices   rdmap0s31 (ACTIVE, 100 Gb/s), rdmap16s27 (DOWN, 100 Gb/s)",
                "MPI           mpirun (Open MPI) 4.1.7 (/opt/amazon/openmpi/bin/mpirun)",
                "Environment   FI_PROVIDER=efa",
                "              NCCL_DEBUG=INFO");
        assertThat(text).endsWith("\n");
    }

    @Test
    void nodeWithoutDriverSaysWhyInsteadOfListingGpus() {
        String text = InfoText.render(NodeInfoFixtures.withoutDriver());

        assertThat(text.lines()).containsExactly(
                "Host          build-box",
                "Driver        none   CUDA none",
                "GPUs          no NVIDIA driver (libcuda.so.1 not found)",
                "Libraries",
                "  CUDA driver  libcuda.so.1 not found",
                "  NCCL         " + NodeInfoFixtures.NCCL_MISSING,
                "NET plugins   none found (NCCL will use its built-in IB or Socket transport)",
                "EFA devices   none",
                "MPI           mpirun not found",
                "Environment   no NCCL_*, FI_* or NCCLKIT_* variables set");
    }

    @Test
    void computeCapabilityIsShownAsAnSmNumber() {
        NodeInfo blackwell = new NodeInfo("b200", "580.65.06", "13.0",
                java.util.List.of(new GpuInfo(0, "NVIDIA B200", "0000:1a:00.0", 192L << 30, "10.0", 18, 0L, true)),
                null, java.util.List.of(), java.util.List.of(), java.util.Map.of(), java.util.List.of(), null, java.util.Map.of());

        assertThat(InfoText.render(blackwell)).contains(" 192.0 GiB  sm_100  NVLinks up: 18  ECC");
    }
}
