package org.ncclkit.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every collective with 2, 8 and 256 ranks as threads over loopback sockets; the values each rank gets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RendezvousCollectivesTest {

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 8, 256})
    void broadcastGivesEveryRankTheRootsBytes(int worldSize) {
        try (ThreadRanks run = new ThreadRanks(worldSize)) {
            byte[] id = RendezvousProbe.uniqueId();
            int otherRoot = worldSize - 1;

            List<byte[]> fromZero = run.onEach(rank -> run.client(rank).broadcast(0, rank == 0 ? id : null));
            List<byte[]> fromLast = run.onEach(rank -> run.client(rank).broadcast(otherRoot,
                    rank == otherRoot ? bytes("from " + otherRoot) : bytes("ignored")));

            assertThat(fromZero).hasSize(worldSize).allSatisfy(received -> assertThat(received).isEqualTo(id));
            assertThat(fromLast).allSatisfy(received -> assertThat(text(received)).isEqualTo("from " + otherRoot));
            assertThat(run.aborts).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 8, 256})
    void barrierReleasesNoRankBeforeTheLastArrives(int worldSize) {
        try (ThreadRanks run = new ThreadRanks(worldSize)) {
            java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();

            List<Integer> seenAfterBarrier = run.onEach(rank -> {
                if (rank == worldSize - 1) {
                    sleep(200);
                }
                arrived.incrementAndGet();
                run.client(rank).barrier();
                return arrived.get();
            });

            assertThat(seenAfterBarrier).containsOnly(worldSize);
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 8, 256})
    void gatherGivesTheRootEveryRanksDataInRankOrderAndTheOthersNothing(int worldSize) {
        try (ThreadRanks run = new ThreadRanks(worldSize)) {
            int root = 1;

            List<List<byte[]>> results = run.onEach(rank -> run.client(rank).gather(root, bytes("line of " + rank)));

            for (int rank = 0; rank < worldSize; rank++) {
                if (rank == root) {
                    assertThat(results.get(rank)).extracting(RendezvousCollectivesTest::text)
                            .containsExactlyElementsOf(expectedLines(worldSize));
                } else {
                    assertThat(results.get(rank)).as("rank %d", rank).isEmpty();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 8, 256})
    void allGatherGivesEveryRankEveryRanksDataInRankOrder(int worldSize) {
        try (ThreadRanks run = new ThreadRanks(worldSize)) {
            List<List<byte[]>> results = run.onEach(rank -> run.client(rank).allGather(bytes("line of " + rank)));

            assertThat(results).allSatisfy(all -> assertThat(all).extracting(RendezvousCollectivesTest::text)
                    .containsExactlyElementsOf(expectedLines(worldSize)));
        }
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 8, 256})
    void allReduceSumsAndFindsTheMinimumAndMaximum(int worldSize) {
        try (ThreadRanks run = new ThreadRanks(worldSize)) {
            List<double[]> results = run.onEach(rank -> new double[] {
                    run.client(rank).allReduce(rank + 1, Reduction.SUM),
                    run.client(rank).allReduce(rank * 2.5 - 7, Reduction.MIN),
                    run.client(rank).allReduce(-rank * 1.5, Reduction.MAX)});

            double sum = worldSize * (worldSize + 1) / 2.0;
            assertThat(results).allSatisfy(r -> assertThat(r).containsExactly(sum, -7.0, 0.0));
        }
    }

    @Test
    void operationsInSequenceStayMatchedAcrossRanks() {
        try (ThreadRanks run = new ThreadRanks(8)) {
            List<String> transcripts = run.onEach(rank -> {
                RendezvousClient c = run.client(rank);
                StringBuilder seen = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    seen.append(text(c.broadcast(i % 8, bytes("b" + i)))).append(' ');
                    c.barrier();
                    seen.append((long) c.allReduce(i, Reduction.MAX)).append(' ');
                }
                return seen.toString();
            });

            assertThat(transcripts).containsOnly(transcripts.getFirst());
            assertThat(transcripts.getFirst()).startsWith("b0 0 b1 1 b2 2 ");
        }
    }

    @Test
    void aSingleRankRunsEveryOperationAlone() {
        try (ThreadRanks run = new ThreadRanks(1)) {
            RendezvousClient only = run.client(0);

            assertThat(only.broadcast(0, bytes("x"))).isEqualTo(bytes("x"));
            only.barrier();
            assertThat(only.gather(0, bytes("g"))).extracting(RendezvousCollectivesTest::text).containsExactly("g");
            assertThat(only.allReduce(4.5, Reduction.SUM)).isEqualTo(4.5);
        }
    }

    @Test
    void anOutOfRangeRootIsTheCallersMistakeAndSendsNothing() {
        try (ThreadRanks run = new ThreadRanks(2)) {
            assertThatThrownBy(() -> run.client(0).broadcast(2, bytes("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("root 2 is outside 0-1");

            List<Double> sums = run.onEach(rank -> run.client(rank).allReduce(1, Reduction.SUM));
            assertThat(sums).containsOnly(2.0);
        }
    }

    static List<String> expectedLines(int worldSize) {
        return java.util.stream.IntStream.range(0, worldSize).mapToObj(r -> "line of " + r).toList();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
