package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ncclkit.ffi.UniqueId;
import org.ncclkit.rendezvous.ThreadRanks;

/** What perf needs across processes, over a real rendezvous with four ranks (threads of this JVM). */
class RendezvousProcessGroupTest {
    private final ThreadRanks ranks = new ThreadRanks(4);

    @AfterEach
    void close() {
        ranks.close();
    }

    private List<ProcessGroup> groups() {
        return ranks.onEach(r -> new RendezvousProcessGroup(ranks.client(r)));
    }

    @Test
    void everyProcessGetsRankZerosUniqueId() {
        List<ProcessGroup> groups = groups();
        byte[] made = new byte[UniqueId.SIZE];
        Arrays.fill(made, (byte) 7);

        List<UniqueId> ids = ranks.onEach(r -> groups.get(r).shareUniqueId(() -> {
            assertThat(r).as("only rank 0 makes the id").isZero();
            return new UniqueId(made);
        }));

        assertThat(ids).containsOnly(new UniqueId(made));
    }

    @Test
    void timesCombineAcrossProcessesLikeNcclTestsDashA() {
        List<ProcessGroup> groups = groups();
        double[] local = {4.0, 1.0, 3.0, 2.0};

        for (int mode = 0; mode <= 3; mode++) {
            int m = mode;
            List<Double> combined = ranks.onEach(r -> groups.get(r).combine(m, local[r]));
            double expected = switch (mode) {
                case 0 -> 4.0;
                case 1 -> 2.5;
                case 2 -> 1.0;
                default -> 4.0;
            };
            assertThat(combined).as("-a " + mode).containsOnly(expected);
        }
    }

    @Test
    void wrongCountsAddUpAndEveryProcessGetsEveryProcesssText() {
        List<ProcessGroup> groups = groups();

        assertThat(ranks.onEach(r -> groups.get(r).sum(r == 2 ? 5 : 0))).containsOnly(5L);
        List<List<String>> all = ranks.onEach(r -> groups.get(r).allGather(r == 1 ? "" : "rank " + r));
        assertThat(all).allSatisfy(texts -> assertThat(texts).containsExactly("rank 0", "", "rank 2", "rank 3"));
    }

    @Test
    void deviceLinesOfEveryProcessReachRankZeroInRankOrder() {
        List<ProcessGroup> groups = groups();

        List<List<DeviceLine>> gathered = ranks.onEach(r -> DeviceLine.gather(groups.get(r), List.of(
                new DeviceLine(2 * r, 0, 100 + r, "node-" + r, 0, "0000:00:06.0", "NVIDIA H100 80GB HBM3"),
                new DeviceLine(2 * r + 1, 0, 100 + r, "node-" + r, 1, "0000:00:07.0", "NVIDIA H100 80GB HBM3"))));

        assertThat(gathered.getFirst()).extracting(DeviceLine::rank).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(gathered.getFirst().get(5)).isEqualTo(
                new DeviceLine(5, 0, 102, "node-2", 1, "0000:00:07.0", "NVIDIA H100 80GB HBM3"));
        assertThat(gathered.subList(1, 4)).allSatisfy(lines -> assertThat(lines).isEmpty());
    }

    @Test
    void aloneEverythingIsLocal() {
        ProcessGroup alone = ProcessGroup.alone();
        DeviceLine line = new DeviceLine(0, 0, 1, "vm", 0, "0000:00:06.0", "GPU");

        assertThat(alone.combine(1, 2.5)).isEqualTo(2.5);
        assertThat(alone.sum(3)).isEqualTo(3);
        assertThat(DeviceLine.gather(alone, List.of(line))).containsExactly(line);
    }
}
