package org.ncclkit.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ncclkit.info.Hostname;

/** Refused hellos, taken ports, disagreeing ranks, silent, vanished and aborting ranks, lost servers: never a hang. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RendezvousFailureTest {
    private static final String TOKEN = ThreadRanks.TOKEN;

    // ---- admission ----

    @Test
    void aWrongTokenIsRefusedWithAClearMessage() {
        try (RendezvousServer server = RendezvousServer.start(0, 2, "the-right-token", ThreadRanks.quick())) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> connect(server.port(), "another-runs-token", 0, 2, ThreadRanks.quick(), null))
                    .isExactlyInstanceOf(RendezvousException.class)
                    .hasMessage("refused by the rendezvous at localhost:" + server.port()
                            + ": wrong run token (is another run using this port?)");
            assertThat(elapsed(start)).as("refused at once, not retried").isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPortInUseIsReportedClearly() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> RendezvousServer.start(port, 2, TOKEN, ThreadRanks.quick()))
                    .isExactlyInstanceOf(RendezvousException.class)
                    .hasMessage("rendezvous port " + port + " is already in use on this host (another run?);"
                            + " choose another with --rendezvous HOST:PORT");
        }
    }

    @Test
    void aSecondServerOnTheSamePortIsReportedClearly() {
        try (RendezvousServer first = RendezvousServer.start(0, 2, TOKEN, ThreadRanks.quick())) {
            assertThatThrownBy(() -> RendezvousServer.start(first.port(), 2, TOKEN, ThreadRanks.quick()))
                    .hasMessageStartingWith("rendezvous port " + first.port() + " is already in use on this host");
        }
    }

    @Test
    void aRankOutsideTheWorldIsRefusedByTheServer() throws IOException {
        try (RendezvousServer server = RendezvousServer.start(0, 4, TOKEN, ThreadRanks.quick());
                RawRank raw = new RawRank(server.port(), TOKEN, 5, 4, "h", 1)) {
            assertThat(raw.refusal()).isEqualTo("rank 5 is outside 0-3 (world size 4)");
        }
    }

    @Test
    void aRankOutsideTheWorldIsTheCallersMistakeBeforeAnythingIsSent() {
        assertThatThrownBy(() -> connect(1, TOKEN, 4, 4, ThreadRanks.quick(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rank 4 is outside 0-3 (world size 4)");
    }

    @Test
    void aDifferentWorldSizeIsRefused() {
        try (RendezvousServer server = RendezvousServer.start(0, 4, TOKEN, ThreadRanks.quick())) {
            assertThatThrownBy(() -> connect(server.port(), TOKEN, 1, 8, ThreadRanks.quick(), null))
                    .hasMessage("refused by the rendezvous at localhost:" + server.port() + ": world size 8 does not"
                            + " match the run's 4 (were the ranks started with different settings?)");
        }
    }

    @Test
    void aSecondProcessWithTheSameRankIsRefusedAndTheFirstCarriesOn() {
        try (ThreadRanks run = new ThreadRanks(2)) {
            assertThatThrownBy(() -> connect(run.server.port(), TOKEN, 1, 2, ThreadRanks.quick(), null))
                    .hasMessage("refused by the rendezvous at " + run.address + ": rank 1 is already connected from"
                            + " host host-1, pid 1001 (two processes were given the same rank?)");

            assertThat(run.onEach(rank -> run.client(rank).allReduce(rank, Reduction.SUM))).containsOnly(1.0);
            assertThat(run.aborts).isEmpty();
        }
    }

    @Test
    void aServiceThatIsNotARendezvousIsNamed() throws Exception {
        try (ServerSocket http = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = http.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(new byte[1024]);
                } catch (IOException e) {
                    // test over
                }
            });

            assertThatThrownBy(() -> connect(http.getLocalPort(), TOKEN, 0, 1, ThreadRanks.quick(), null))
                    .hasMessageStartingWith("the service at localhost:" + http.getLocalPort()
                            + " does not speak the ncclkit rendezvous protocol");
        }
    }

    // ---- connecting ----

    @Test
    void ranksThatNeverJoinAreNamedWithTheirHostsWhileRankZeroWaitsAndWhenItGivesUp() throws Exception {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        RendezvousTimeouts timeouts = withConnect(Duration.ofMillis(1600));
        JoinWatch watch = new JoinWatch(rank -> "node" + (rank / 2 + 1), progress::add, Duration.ofMillis(400));
        List<RankFailure> seen = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (RendezvousServer server = RendezvousServer.start(0, 6, TOKEN, timeouts, watch);
             RendezvousClient rank0 = connect(server.port(), TOKEN, 0, 6, timeouts, seen::add);
             RendezvousClient rank2 = connect(server.port(), TOKEN, 2, 6, timeouts, seen::add)) {
            awaitSize(seen, 2);
        }

        assertThat(elapsed(start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
        assertThat(seen).extracting(RankFailure::describe).containsOnly("4 of 6 ranks never joined the rendezvous within"
                + " 1.6 s: ranks 1, 3, 4, 5 (hosts node1, node2, node3) (not started, or cannot reach rank 0's address?)");
        assertThat(progress).hasSizeBetween(2, 4).allMatch(line -> line.matches("waiting for 4 of 6 ranks to join the "
                + "rendezvous: 1, 3, 4, 5 \\(hosts node1, node2, node3\\) \\(\\d s of 1.6 s\\)"));
    }

    @Test
    void connectingWhereNothingListensTimesOutNamingTheAddress() throws IOException {
        int port = freePort();
        RendezvousTimeouts timeouts = withConnect(Duration.ofMillis(400));
        long start = System.nanoTime();

        assertThatThrownBy(() -> connect(port, TOKEN, 1, 2, timeouts, null))
                .isExactlyInstanceOf(RendezvousException.class)
                .hasMessage("rank 1 (host host-1) could not reach the rendezvous at localhost:" + port + " within 400 ms (connection"
                        + " refused); is rank 0 running, and is localhost:" + port + " its address?");
        assertThat(elapsed(start)).isBetween(Duration.ofMillis(350), Duration.ofSeconds(5));
    }

    @Test
    void aRankKeepsTryingUntilRankZeroStartsItsServer() throws Exception {
        int port = freePort();
        CompletableFuture<RendezvousClient> early = CompletableFuture.supplyAsync(
                () -> connect(port, TOKEN, 1, 2, ThreadRanks.quick(), null));
        Thread.sleep(500);

        try (RendezvousServer server = RendezvousServer.start(port, 2, TOKEN, ThreadRanks.quick());
                RendezvousClient zero = connect(server.port(), TOKEN, 0, 2, ThreadRanks.quick(), null);
                RendezvousClient one = early.get(10, TimeUnit.SECONDS)) {
            CompletableFuture<Void> barrier = CompletableFuture.runAsync(one::barrier);
            zero.barrier();
            barrier.get(10, TimeUnit.SECONDS);
        }
    }

    // ---- disagreement and time-outs ----

    @Test
    void ranksCallingDifferentOperationsAreAllAbortedWithWhoCalledWhat() throws Exception {
        try (ThreadRanks run = new ThreadRanks(2)) {
            CompletableFuture<Throwable> zero = failureOf(() -> run.client(0).broadcast(0, new byte[] {1}));
            Thread.sleep(200);
            Throwable one = catchThrowableOfType(RendezvousAbortedException.class, run.client(1)::barrier);

            String expected = "ranks disagree at operation #1: rank 0 called broadcast(root 0) but rank 1 called"
                    + " barrier (every rank must make the same rendezvous calls in the same order)";
            assertThat(one).hasMessage(expected);
            assertThat(zero.get(10, TimeUnit.SECONDS)).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage(expected);
            assertThat(((RendezvousAbortedException) one).failure().rank()).isEqualTo(-1);
        }
    }

    @Test
    void ranksDisagreeingOnTheRootAreAborted() throws Exception {
        try (ThreadRanks run = new ThreadRanks(3)) {
            run.onEach(rank -> run.client(rank).allReduce(1, Reduction.SUM));
            CompletableFuture<Throwable> zero = failureOf(() -> run.client(0).gather(0, new byte[] {0}));
            Thread.sleep(200);
            CompletableFuture<Throwable> one = failureOf(() -> run.client(1).gather(2, new byte[] {1}));

            assertThat(one.get(10, TimeUnit.SECONDS)).hasMessageStartingWith(
                    "ranks disagree at operation #2: rank 0 called gather(root 0) but rank 1 called gather(root 2)");
            assertThat(zero.get(10, TimeUnit.SECONDS)).isInstanceOf(RendezvousAbortedException.class);
            assertThatThrownBy(() -> run.client(2).gather(0, new byte[] {2}))
                    .isInstanceOf(RendezvousAbortedException.class).hasMessageStartingWith("ranks disagree");
        }
    }

    @Test
    void anOperationNotCompleteInTimeAbortsEveryRankNamingTheMissingOnes() throws Exception {
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(20), Duration.ofMillis(500),
                Duration.ofMillis(200), Duration.ofSeconds(3));
        try (ThreadRanks run = new ThreadRanks(4, timeouts)) {
            long start = System.nanoTime();
            CompletableFuture<Throwable> zero = failureOf(run.client(0)::barrier);
            CompletableFuture<Throwable> two = failureOf(run.client(2)::barrier);

            String expected = "operation #1 (barrier) timed out after 500 ms waiting for ranks 1, 3";
            assertThat(zero.get(10, TimeUnit.SECONDS)).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage(expected);
            assertThat(two.get(10, TimeUnit.SECONDS)).hasMessage(expected);
            assertThat(elapsed(start)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
            awaitSize(run.aborts, 4);
            assertThat(run.aborts).extracting(RankFailure::describe).containsOnly(expected);
        }
    }

    @Test
    void aRankThatNeverConnectedIsNamedAsSuchInTheTimeout() throws Exception {
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(20), Duration.ofMillis(300),
                Duration.ofMillis(200), Duration.ofSeconds(3));
        try (RendezvousServer server = RendezvousServer.start(0, 3, TOKEN, timeouts);
                RendezvousClient zero = connect(server.port(), TOKEN, 0, 3, timeouts, null);
                RendezvousClient one = connect(server.port(), TOKEN, 1, 3, timeouts, null)) {
            CompletableFuture<Throwable> waiting = failureOf(one::barrier);

            assertThatThrownBy(zero::barrier).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage("operation #1 (barrier) timed out after 300 ms waiting for rank 2 (not connected)");
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(RendezvousAbortedException.class);
        }
    }

    // ---- failing ranks ----

    @Test
    void aRankThatHangsUpWithoutGoodbyeIsReportedDeadToTheOthersAtOnce() throws Exception {
        List<RankFailure> aborts = Collections.synchronizedList(new ArrayList<>());
        try (RendezvousServer server = RendezvousServer.start(0, 2, TOKEN, ThreadRanks.quick());
                RendezvousClient zero = connect(server.port(), TOKEN, 0, 2, ThreadRanks.quick(), aborts::add)) {
            RawRank raw = new RawRank(server.port(), TOKEN, 1, 2, "raw-host", 42);
            assertThat(raw.reply().type()).isEqualTo(Wire.WELCOME);
            long start = System.nanoTime();
            raw.close();

            awaitSize(aborts, 1);
            assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(2));
            assertThat(aborts.getFirst()).isEqualTo(new RankFailure(1, "raw-host", 42, "died: connection lost"));
            assertThat(aborts.getFirst().describe()).isEqualTo("rank 1 (host raw-host, pid 42) died: connection lost");
            assertThatThrownBy(zero::barrier).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage("rank 1 (host raw-host, pid 42) died: connection lost");
            assertThatThrownBy(() -> zero.allReduce(1, Reduction.SUM)).isInstanceOf(RendezvousAbortedException.class);
            Thread.sleep(200);
            assertThat(aborts).as("onAbort runs once").hasSize(1);
        }
    }

    @Test
    void aSilentPeerIsDeclaredDeadAfterTheDeadPeerTimeAndTheOthersAbort() throws Exception {
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofMillis(100), Duration.ofMillis(600));
        List<RankFailure> aborts = Collections.synchronizedList(new ArrayList<>());
        try (RendezvousServer server = RendezvousServer.start(0, 2, TOKEN, timeouts);
                RendezvousClient zero = connect(server.port(), TOKEN, 0, 2, timeouts, aborts::add);
                RawRank silent = new RawRank(server.port(), TOKEN, 1, 2, "silent-host", 4711)) {
            assertThat(silent.reply().type()).isEqualTo(Wire.WELCOME);
            long start = System.nanoTime();

            assertThatThrownBy(zero::barrier).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage("rank 1 (host silent-host, pid 4711) went silent: no heartbeat for 600 ms");
            assertThat(elapsed(start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
            awaitSize(aborts, 1);
            assertThat(aborts.getFirst().rank()).isEqualTo(1);
        }
    }

    @Test
    void anExplicitAbortReachesEveryOtherRankWithItsReason() throws Exception {
        try (ThreadRanks run = new ThreadRanks(3)) {
            CompletableFuture<Throwable> zero = failureOf(run.client(0)::barrier);
            CompletableFuture<Throwable> one = failureOf(run.client(1)::barrier);
            Thread.sleep(100);

            run.client(2).abort("CUDA error: out of memory\n(while allocating)");

            String expected = "rank 2 (host host-2, pid 1002) aborted: CUDA error: out of memory (while allocating)";
            assertThat(zero.get(10, TimeUnit.SECONDS)).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage(expected);
            assertThat(one.get(10, TimeUnit.SECONDS)).hasMessage(expected);
            awaitSize(run.aborts, 2);
            Thread.sleep(200);
            assertThat(run.aborts).as("the aborting rank's own onAbort is not called").hasSize(2)
                    .extracting(RankFailure::describe).containsOnly(expected);
            assertThatThrownBy(run.client(2)::barrier).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage(expected);
        }
    }

    @Test
    void aRankArrivingAfterTheAbortIsToldAtOnce() throws Exception {
        try (RendezvousServer server = RendezvousServer.start(0, 3, TOKEN, ThreadRanks.quick());
                RendezvousClient zero = connect(server.port(), TOKEN, 0, 3, ThreadRanks.quick(), null)) {
            zero.abort("no GPU");

            assertThatThrownBy(() -> connect(server.port(), TOKEN, 1, 3, ThreadRanks.quick(), null))
                    .isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage("rank 0 (host localhost, pid 0) aborted: no GPU");
        }
    }

    // ---- losing the server ----

    @Test
    void losingTheServerIsReportedAsRankZerosFailure() throws Exception {
        try (ServerSocket fake = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> welcomeThen(fake, socket -> FrameWriter.closeQuietly(socket)));
            List<RankFailure> aborts = Collections.synchronizedList(new ArrayList<>());

            try (RendezvousClient one = connect(fake.getLocalPort(), TOKEN, 1, 2, ThreadRanks.quick(), aborts::add)) {
                awaitSize(aborts, 1);
                assertThat(aborts.getFirst().describe()).isEqualTo("rank 0 (host fake-host, pid 77) died: lost the"
                        + " rendezvous server at localhost:" + fake.getLocalPort() + " (rank 0's host): connection lost");
                assertThatThrownBy(one::barrier).isInstanceOf(RendezvousAbortedException.class);
            }
        }
    }

    @Test
    void aSilentServerIsDeclaredLostAfterTheDeadPeerTime() throws Exception {
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofMillis(100), Duration.ofMillis(500));
        try (ServerSocket fake = new ServerSocket(0)) {
            CompletableFuture<Void> release = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> welcomeThen(fake, socket -> release.join()));
            try (RendezvousClient one = connect(fake.getLocalPort(), TOKEN, 1, 2, timeouts, null)) {
                long start = System.nanoTime();
                assertThatThrownBy(one::barrier).isInstanceOf(RendezvousAbortedException.class)
                        .hasMessage("rank 0 (host fake-host, pid 77) went silent: nothing heard from the rendezvous"
                                + " server at localhost:" + fake.getLocalPort() + " (rank 0's host) for 500 ms");
                assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(5));
            } finally {
                release.complete(null);
            }
        }
    }

    @Test
    void closingTheServerDuringAnOperationAbortsTheWaitingRanks() throws Exception {
        List<RankFailure> aborts = Collections.synchronizedList(new ArrayList<>());
        RendezvousServer server = RendezvousServer.start(0, 2, TOKEN, ThreadRanks.quick());
        try (RendezvousClient one = connect(server.port(), TOKEN, 1, 2, ThreadRanks.quick(), aborts::add)) {
            CompletableFuture<Throwable> waiting = failureOf(one::barrier);
            Thread.sleep(100);
            server.close();

            assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage("rank 0 (host " + Hostname.get() + ", pid " + ProcessHandle.current().pid()
                            + ") closed the rendezvous server during operation #1 (barrier)");
        } finally {
            server.close();
        }
    }

    // ---- clean endings ----

    @Test
    void theServerClosingAfterTheLastOperationIsNotAFailure() throws Exception {
        ThreadRanks run = new ThreadRanks(4);
        run.onEach(rank -> {
            run.client(rank).barrier();
            return null;
        });
        run.server.close();
        Thread.sleep(300);

        assertThat(run.aborts).isEmpty();
        assertThatThrownBy(run.client(2)::barrier).isExactlyInstanceOf(RendezvousException.class)
                .hasMessage("the rendezvous server at " + run.address + " has shut down (rank 0 finished);"
                        + " operation #2 (barrier) cannot run");
        run.close();
        assertThat(run.aborts).isEmpty();
    }

    @Test
    void aRankThatSaysGoodbyeIsNotAFailureButAnOperationNeedingItFailsAtOnce() throws Exception {
        try (ThreadRanks run = new ThreadRanks(2)) {
            run.client(1).close();
            Thread.sleep(300);
            assertThat(run.aborts).isEmpty();

            long start = System.nanoTime();
            assertThatThrownBy(run.client(0)::barrier).isInstanceOf(RendezvousAbortedException.class)
                    .hasMessage("operation #1 (barrier) cannot complete: rank 1 has already closed its rendezvous"
                            + " client");
            assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(2));
            assertThatThrownBy(run.client(1)::barrier).isExactlyInstanceOf(RendezvousException.class)
                    .hasMessage("rank 1's rendezvous client is closed; operation #1 (barrier) cannot run");
        }
    }

    // ---- helpers ----

    private static RendezvousClient connect(int port, String token, int rank, int worldSize,
            RendezvousTimeouts timeouts, Consumer<RankFailure> onAbort) {
        return RendezvousClient.connect(new RendezvousAddress("localhost", port), token, rank, worldSize,
                rank == 0 ? "localhost" : "host-" + rank, rank == 0 ? 0 : 1000 + rank, timeouts, onAbort);
    }

    /** Plays a rendezvous server that welcomes one rank as "fake-host", pid 77, then does {@code after}. */
    private static void welcomeThen(ServerSocket fake, Consumer<Socket> after) {
        try {
            Socket socket = fake.accept();
            Wire.read(new DataInputStream(new BufferedInputStream(socket.getInputStream())), Wire.MAX_FRAME);
            socket.getOutputStream().write(Wire.welcome("fake-host", 77));
            socket.getOutputStream().flush();
            after.accept(socket);
        } catch (IOException e) {
            // the test is over
        }
    }

    private static CompletableFuture<Throwable> failureOf(Runnable operation) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                operation.run();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    private static RendezvousTimeouts withConnect(Duration connect) {
        RendezvousTimeouts quick = ThreadRanks.quick();
        return new RendezvousTimeouts(connect, quick.operation(), quick.heartbeat(), quick.deadPeer());
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(size);
    }
}
