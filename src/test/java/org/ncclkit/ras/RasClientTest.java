package org.ncclkit.ras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The RAS client against a real TCP server that speaks NCCL's RAS protocol with replies recorded from NCCL's docs
 * ({@code docs/userguide/source/troubleshooting/ras.rst}: the stopped-process, mismatch and JSON samples) and, for
 * 2.26's per-rank lines, assembled from the format strings of {@code src/ras/client_support.cc}.
 */
class RasClientTest {
    private static final Duration BUDGET = Duration.ofSeconds(3);

    @Test
    void aStoppedProcessIsNamedFromNccl224Text() throws Exception {
        try (RecordedRasService ras = RecordedRasService.text("status-stopped-process-2.24.txt")) {
            RasStatus status = RasClient.status(ras.address(), BUDGET, 1);

            assertThat(status.json()).isFalse();
            assertThat(status.findings()).containsExactly(
                    new RasFinding(-1, 3487984, "172.16.64.213", "INCOMPLETE: missing communicator data from 1 job process"),
                    new RasFinding(21, -1, "", "INCOMPLETE in communicator #0-0 (cf264af53edbe986): missing communicator data from 1 rank"));
            assertThat(ras.commands).containsExactly("CLIENT PROTOCOL 2", "TIMEOUT 1", "SET FORMAT json", "VERBOSE STATUS");
        }
    }

    @Test
    void aStoppedRankIsNamedWithItsProcessAndNodeFromNccl226Text() throws Exception {
        try (RecordedRasService ras = RecordedRasService.text("status-stopped-process-2.26.txt")) {
            RasStatus status = RasClient.status(ras.address(), BUDGET, 1);

            assertThat(status.describe()).isEqualTo("NCCL RAS: process 48211 on node 10.0.0.3: INCOMPLETE: missing"
                    + " communicator data from 1 job process; rank 2 (process 48211 on node 10.0.0.3): INCOMPLETE in"
                    + " communicator #0-0 (9e17999afaa87dbb): missing communicator data from 1 rank");
        }
    }

    @Test
    void ranksBehindTheOthersAreNamedFromAMismatchWarning() throws Exception {
        try (RecordedRasService ras = RecordedRasService.text("status-mismatch.txt")) {
            RasStatus status = RasClient.status(ras.address(), BUDGET, 1);

            assertThat(status.findings()).extracting(RasFinding::rank).containsExactly(0, 2, 3, 4, 5, 7);
            assertThat(status.findings().getFirst()).isEqualTo(new RasFinding(0, 483072, "172.16.64.210",
                    "MISMATCH in communicator #0-0 (27a079b828ff1a75): 6 ranks have launched up to operation 6649"));
        }
    }

    @Test
    void aHealthyJobNamesNoRank() throws Exception {
        try (RecordedRasService ras = RecordedRasService.text("status-healthy.txt")) {
            RasStatus status = RasClient.status(ras.address(), BUDGET, 1);

            assertThat(status.findings()).isEmpty();
            assertThat(status.describe()).isEqualTo("NCCL RAS names no missing, dead or lagging rank");
        }
    }

    @Test
    void nccl2287AnswersInJsonAndItsMissingRankIsNamed() throws Exception {
        try (RecordedRasService ras = RecordedRasService.json("status-missing-rank.json")) {
            RasStatus status = RasClient.status(ras.address(), BUDGET, 1);

            assertThat(status.json()).isTrue();
            assertThat(status.findings()).containsExactly(new RasFinding(1, 1524345, "172.16.64.245",
                    "not responding to RAS (communicator 0xae94423cfbb2ef4a)"));
        }
    }

    @Test
    void aListenerThatNeverAnswersGivesUpWithinTheBudget() throws Exception {
        try (RecordedRasService ras = RecordedRasService.stopped()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> RasClient.status(ras.address(), Duration.ofMillis(2500), 1))
                    .isInstanceOf(RasUnavailableException.class)
                    .hasMessageContaining("did not answer within 2 s: no answer within 1 s (a stopped or busy process?)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void nothingListeningIsSaidPlainly() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> RasClient.status(new RasAddress("127.0.0.1", closed), BUDGET, 1))
                .isInstanceOf(RasUnavailableException.class)
                .hasMessage("nothing listens at 127.0.0.1:" + closed + " (NCCL before 2.24, NCCL_RAS_ENABLE=0, or no NCCL"
                        + " process on this node)");
    }

    @Test
    void theAddressIsReadAsNcclReadsIt() {
        assertThat(RasAddress.of(Map.of())).contains(new RasAddress("localhost", 28028));
        assertThat(RasAddress.of(Map.of("NCCL_RAS_ADDR", "10.1.2.3:29000"))).contains(new RasAddress("10.1.2.3", 29000));
        assertThat(RasAddress.of(Map.of("NCCL_RAS_ADDR", "[::1]:29000"))).contains(new RasAddress("::1", 29000));
        assertThat(RasAddress.of(Map.of("NCCL_RAS_ENABLE", "0"))).isEmpty();
    }

}
