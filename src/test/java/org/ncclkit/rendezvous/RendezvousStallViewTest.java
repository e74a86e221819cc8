package org.ncclkit.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

/** The server's answer to a rank whose -T ran out: real server, real clients, and a hand-driven rank that goes silent. */
class RendezvousStallViewTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aSilentRankThatHasNotReachedTheRoundIsNamedAndTheFirstToAskReports() throws Exception {
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofMillis(200), Duration.ofSeconds(10));
        try (RendezvousServer server = RendezvousServer.start(0, 3, ThreadRanks.TOKEN, timeouts);
             RawRank stopped = new RawRank(server.port(), ThreadRanks.TOKEN, 2, 3, "host-2", 1002)) {
            assertThat(stopped.reply().type()).isEqualTo(Wire.WELCOME); // admitted, then silent like a SIGSTOPped process
            RendezvousAddress address = new RendezvousAddress("localhost", server.port());
            RendezvousClient zero = RendezvousClient.connect(address, ThreadRanks.TOKEN, 0, 3, "host-0", 1000, timeouts, null);
            RendezvousClient one = RendezvousClient.connect(address, ThreadRanks.TOKEN, 1, 3, "host-1", 1001, timeouts, null);
            var threads = Executors.newVirtualThreadPerTaskExecutor();
            try {
                CompletableFuture.runAsync(zero::barrier, threads);
                CompletableFuture.runAsync(one::barrier, threads);
                Thread.sleep(1000); // more than two heartbeats of silence from rank 2

                StallView first = one.stallView("the timed loop", Duration.ofSeconds(3), WAIT);
                StallView second = zero.stallView("the timed loop", Duration.ofSeconds(3), WAIT);

                assertThat(first.reporter()).isEqualTo(1);
                assertThat(second.reporter()).as("one rank reports the stall").isEqualTo(1);
                assertThat(first.text()).matches("waiting for rank 2 \\(host host-2, pid 1002\\), which has not reached operation #1"
                        + " \\(barrier\\) and has sent nothing, not even a heartbeat, for \\d\\.\\d s \\(stopped or hung\\?\\)");
            } finally {
                zero.abort("test over");
                one.close();
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aRankBehindTheOthersInTheStepsItsHeartbeatsReportIsNamed() throws InterruptedException {
        try (ThreadRanks run = new ThreadRanks(3)) {
            run.client(0).reportProgress(5);
            run.client(1).reportProgress(5);
            run.client(2).reportProgress(3);
            Thread.sleep(4 * ThreadRanks.quick().heartbeat().toMillis()); // the next heartbeats carry the steps

            StallView view = run.client(0).stallView("all_reduce 8 B float out-of-place (timed loop)", Duration.ofSeconds(3), WAIT);

            assertThat(view.text()).isEqualTo("waiting for rank 2 (host host-2, pid 1002), which is behind (step 3 of the"
                    + " run, the others at 5)");
        }
    }

    @Test
    void whenNoRankIsMissingTheViewSaysTheStallIsInsideNccl() {
        try (ThreadRanks run = new ThreadRanks(2)) {
            StallView view = run.client(0).stallView("all_reduce 8 B float out-of-place (timed loop)", Duration.ofSeconds(3), WAIT);

            assertThat(view.reporter()).isZero();
            assertThat(view.text()).isEqualTo("every rank is connected and answering the rendezvous; none is missing from"
                    + " its view, so the stall is inside NCCL, the network or a GPU (all_reduce 8 B float out-of-place (timed loop))");
        }
    }

    @Test
    void aServerThatDoesNotAnswerLeavesTheAskingRankToReportWithoutAView() throws Exception {
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofMillis(200), Duration.ofSeconds(10));
        try (var silentServer = new java.net.ServerSocket(0)) {
            var accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    var socket = silentServer.accept();
                    var in = new java.io.DataInputStream(socket.getInputStream());
                    Wire.read(in, Wire.MAX_HANDSHAKE_FRAME);
                    socket.getOutputStream().write(Wire.welcome("server-host", 999));
                    return socket; // then never a word: a stopped rank 0
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            RendezvousClient client = RendezvousClient.connect(new RendezvousAddress("localhost", silentServer.getLocalPort()),
                    ThreadRanks.TOKEN, 1, 2, "host-1", 1001, timeouts, null);
            try {
                long start = System.nanoTime();
                StallView view = client.stallView("warm-up (float)", Duration.ofSeconds(3), Duration.ofMillis(500));

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
                assertThat(view.reporter()).isEqualTo(1);
                assertThat(view.text()).contains("(rank 0, host server-host, pid 999) did not answer within 500 ms (stopped or hung?)");
            } finally {
                client.abort("test over");
                accepted.join().close();
            }
        }
    }
}
