package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Network names as NCCL ({@code Using network %s}) and the plugins name themselves. */
class NetworkKindTest {
    @Test
    void awsOfiNcclAnswersToThreeNames() {
        // aws-ofi-nccl: "AWS Libfabric" up to v1.12, "Libfabric" from v1.13, renamed "AWS Libfabric" or "OFI" by NCCL_NET
        assertThat(NetworkKind.of("AWS Libfabric")).isEqualTo(NetworkKind.OFI);
        assertThat(NetworkKind.of("Libfabric")).isEqualTo(NetworkKind.OFI);
        assertThat(NetworkKind.of("OFI")).isEqualTo(NetworkKind.OFI);
    }

    @Test
    void ncclsOwnTransportsAndTheHpcxPlugin() {
        assertThat(NetworkKind.of("IB")).isEqualTo(NetworkKind.IB);
        assertThat(NetworkKind.of("IBext_v8")).isEqualTo(NetworkKind.IB);
        assertThat(NetworkKind.of("Socket")).isEqualTo(NetworkKind.SOCKET);
        assertThat(NetworkKind.of("UCX")).isEqualTo(NetworkKind.OTHER);
    }
}
