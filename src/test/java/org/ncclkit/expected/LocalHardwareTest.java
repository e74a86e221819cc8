package org.ncclkit.expected;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.ncclkit.info.EfaDevice;
import org.ncclkit.info.GpuInfo;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.testing.RecordedNodes;

/** Hardware read from recorded {@code info} documents (a p5 node, the README's H100 VM) and from edited copies. */
class LocalHardwareTest {
    static NodeInfo node(String host, int gpus, String name, String capability, Integer nvlinks, int efa, Double rate) {
        List<GpuInfo> gpuList = IntStream.range(0, gpus).mapToObj(i -> new GpuInfo(i, name,
                String.format("0000:%02x:00.0", 0x53 + i), 85_520_809_984L, capability, nvlinks, 0L, true)).toList();
        List<EfaDevice> devices = IntStream.range(0, efa).mapToObj(i -> new EfaDevice("rdmap" + i + "s0", "ACTIVE", rate)).toList();
        return new NodeInfo(host, "580.65.06", "13.0", gpuList, null, List.of(), List.of(), Map.of(), devices, null, Map.of());
    }

    @Test
    void aRecordedP5NodeReadsAsTheP5RowOfTheTable() {
        NodeHardware hw = LocalHardware.from(RecordedNodes.node("p5-node"));
        NodeHardware table = InstanceTable.lookup("p5.48xlarge").orElseThrow().hardware();

        assertThat(hw.origin()).isEqualTo("this node (ip-10-1-83-17)");
        assertThat(hw).usingRecursiveComparison().ignoringFields("origin").isEqualTo(table);
    }

    @Test
    void theGpuWithTheFewestNvlinksUpSetsTheLinksAndAnyDownLinkLosesNvls() {
        NodeInfo info = node("p5-node", 8, "NVIDIA H100 80GB HBM3", "9.0", 18, 32, 100.0);
        List<GpuInfo> gpus = new java.util.ArrayList<>(info.gpus());
        GpuInfo third = gpus.get(2);
        gpus.set(2, new GpuInfo(2, third.name(), third.pciBusId(), third.memoryBytes(), "9.0", 16, 0L, true));
        NodeHardware hw = LocalHardware.from(new NodeInfo(info.hostname(), info.driverVersion(), info.cudaVersion(), gpus,
                null, List.of(), List.of(), Map.of(), info.efaDevices(), null, Map.of()));

        assertThat(hw.gpuLinks()).isEqualTo(16);
        assertThat(hw.gpuLinkTotalGBps()).isEqualTo(400);
        assertThat(hw.nvlsCapable()).isFalse();
    }

    @Test
    void theReadmesH100VmTalksOverPcieAndHasNoNics() {
        // one GPU, NVLinks up 0, no EFA device
        NodeHardware hw = LocalHardware.from(RecordedNodes.node("h100-vm"));

        assertThat(hw.gpuLinkKind()).isEqualTo("PCIe Gen5 x16");
        assertThat(hw.nics()).isZero();
        assertThat(hw.gpus()).isEqualTo(1);
    }

    @Test
    void efaDevicesWithoutARateAreNotCounted() {
        NodeHardware hw = LocalHardware.from(node("n", 8, "NVIDIA A100-SXM4-40GB", "8.0", 12, 4, null));

        assertThat(hw.nics()).isZero();
        assertThat(hw.gpuLinkKind()).isEqualTo("NVLink3");
        assertThat(hw.gpuLinkTotalGBps()).isEqualTo(300);
    }

    @Test
    void aNodeWithoutAGpuSaysWhy() {
        NodeInfo none = new NodeInfo("build-box", null, null, List.of(), "no NVIDIA driver (libcuda.so.1 not found)",
                List.of(), List.of(), Map.of(), List.of(), null, Map.of());

        assertThatThrownBy(() -> LocalHardware.from(none)).isInstanceOf(LocalHardware.NoHardwareException.class)
                .hasMessage("no GPU on build-box (no NVIDIA driver (libcuda.so.1 not found))");
    }

    @Test
    void aRunIsComparedUnderItsNcclEnvironmentOrNotAtAll() {
        NodeInfo p5 = node("p5-node", 8, "NVIDIA H100 80GB HBM3", "9.0", 18, 32, 100.0);

        Expectation nvlsOff = ExpectedBandwidth.forRun(p5, 1, 8, Map.of("NCCL_NVLS_ENABLE", "0")).orElseThrow();
        assertThat(nvlsOff.of(org.ncclkit.collective.Collective.ALL_REDUCE).busbwGbps()).isCloseTo(360, org.assertj.core.api.Assertions.within(0.1));
        assertThat(ExpectedBandwidth.forRun(p5, 2, 8, Map.of("NCCL_ALGO", "Ring")).orElseThrow().assumptions().algorithm())
                .contains("ring only");
        // one GPU in all, a node without NICs across nodes, and a node without GPUs: nothing to compare with
        assertThat(ExpectedBandwidth.forRun(node("vm", 1, "NVIDIA H100 80GB HBM3", "9.0", 0, 0, null), 1, 1, Map.of())).isEmpty();
        assertThat(ExpectedBandwidth.forRun(node("vm", 1, "NVIDIA H100 80GB HBM3", "9.0", 0, 0, null), 4, 1, Map.of())).isEmpty();
        assertThat(ExpectedBandwidth.forRun(new NodeInfo("box", null, null, List.of(), "no driver", List.of(), List.of(),
                Map.of(), List.of(), null, Map.of()), 2, 8, Map.of())).isEmpty();
    }
}
