package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class NodeProbeTest {
    @Test
    void networkEnvironmentKeepsOnlyNcclFiAndNcclkitVariables() {
        Map<String, String> environment = Map.of(
                "NCCL_DEBUG", "INFO",
                "NCCL_SOCKET_IFNAME", "ens",
                "FI_PROVIDER", "efa",
                "FI_EFA_USE_DEVICE_RDMA", "1",
                "NCCLKIT_NCCL", "/opt/nccl/lib/libnccl.so.2",
                "PATH", "/usr/bin",
                "HOME", "/root",
                "MY_NCCL_DEBUG", "x",
                "nccl_debug", "lowercase",
                "FIX", "no underscore");

        Map<String, String> selected = NodeProbe.networkEnvironment(environment);

        assertThat(selected).containsExactly(
                Map.entry("FI_EFA_USE_DEVICE_RDMA", "1"),
                Map.entry("FI_PROVIDER", "efa"),
                Map.entry("NCCLKIT_NCCL", "/opt/nccl/lib/libnccl.so.2"),
                Map.entry("NCCL_DEBUG", "INFO"),
                Map.entry("NCCL_SOCKET_IFNAME", "ens"));
    }

    @Test
    void networkEnvironmentOfAnUnrelatedEnvironmentIsEmpty() {
        assertThat(NodeProbe.networkEnvironment(Map.of("PATH", "/usr/bin"))).isEmpty();
    }

    @Test
    void nvmlEightDigitDomainMatchesCudaFourDigitDomain() {
        assertThat(NodeProbe.sameBusId("00000000:53:00.0", "0000:53:00.0")).isTrue();
        assertThat(NodeProbe.sameBusId("0000:53:00.0", "00000000:53:00.0")).isTrue();
    }

    @Test
    void busIdsCompareWithoutRegardToHexCase() {
        assertThat(NodeProbe.sameBusId("00000000:A3:00.0", "0000:a3:00.0")).isTrue();
    }

    @Test
    void differentBusDomainOrFunctionDoesNotMatch() {
        assertThat(NodeProbe.sameBusId("00000000:53:00.0", "0000:64:00.0")).isFalse();
        assertThat(NodeProbe.sameBusId("00000001:53:00.0", "0000:53:00.0")).isFalse();
        assertThat(NodeProbe.sameBusId("00000000:53:00.0", "0000:53:00.1")).isFalse();
    }
}
