package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.SyntheticRuns.Measured;

class P2pTextTest {

    @Test
    void fourRanksShowBothMatricesTheFlaggedPairsAndTheSuspect() {
        // node3 slow with everyone, 1-3 also with wrong data, 0-2 slow in latency only
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(4),
                (a, b) -> new Measured(b == 3 ? 4.5 : 12 + a + 0.1 * b, a == 0 && b == 2 ? 60 : 20.25, a == 1 && b == 3 ? 5 : 0));

        assertThat(P2pText.render(m)).isEqualTo("""
                # ncclkit check p2p: 4 ranks on 4 nodes, 953.7 MiB per exchange (latency: 8 B), 20 iterations, threshold 0.80 (latency 0.80)
                #  RANK  NODE
                #  0     node0
                #  1     node1
                #  2     node2
                #  3     node3
                # Bandwidth per direction, GB/s (* slow, ! wrong data)
                  rank       0        1        2        3
                     0       -    12.10    12.20     4.50*
                     1   12.10        -    13.20     4.50!
                     2   12.20    13.20        -     4.50*
                     3    4.50*    4.50!    4.50*       -
                # Latency (exchange of 8 B), us (* slow, ! wrong data)
                  rank       0        1        2        3
                     0       -     20.3     60.0*    20.3
                     1    20.3        -     20.3     20.3!
                     2    60.0*    20.3        -     20.3
                     3    20.3     20.3!    20.3        -
                # Flagged pairs
                PAIR  NODES          GB/S   US    WRONG  FLAGS
                0-3   node0 - node3  4.50   20.3  0      slow bandwidth (0.54 of median)
                1-3   node1 - node3  4.50   20.3  5      slow bandwidth (0.54 of median), wrong data
                2-3   node2 - node3  4.50   20.3  0      slow bandwidth (0.54 of median)
                0-2   node0 - node2  12.20  60.0  0      slow latency (2.96x median)
                # bandwidth median 8.30 GB/s (min 4.50, max 13.20), latency median 20.3 us (min 20.3, max 60.0)
                # check p2p FAILED: 4 of 6 pairs slow, 1 with wrong data; suspect node(s): node3 (3 of 3 pairs flagged)
                """);
    }

    @Test
    void twoEqualRanksPassWithoutAFlaggedSection() {
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(2), (a, b) -> Measured.of(12.3, 40.1));

        assertThat(P2pText.render(m)).isEqualTo("""
                # ncclkit check p2p: 2 ranks on 2 nodes, 953.7 MiB per exchange (latency: 8 B), 20 iterations, threshold 0.80 (latency 0.80)
                #  RANK  NODE
                #  0     node0
                #  1     node1
                # Bandwidth per direction, GB/s (* slow, ! wrong data)
                  rank       0        1
                     0       -    12.30
                     1   12.30        -
                # Latency (exchange of 8 B), us (* slow, ! wrong data)
                  rank       0        1
                     0       -     40.1
                     1    40.1        -
                # bandwidth median 12.30 GB/s (min 12.30, max 12.30), latency median 40.1 us (min 40.1, max 40.1)
                # check p2p passed: 1 pair, no slow pair, no wrong data
                """);
    }

    @Test
    void eightRanksStillFitEightyColumns() {
        String text = P2pText.render(SyntheticRuns.withSlowNodes(8, 7));

        assertThat(text).contains("# Bandwidth per direction");
        assertThat(text.lines().filter(l -> !l.startsWith("#") && !l.startsWith("PAIR") && !l.contains(" - node")))
                .hasSize(18).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void moreThanEightRanksListEveryPairFlaggedFirstThenSlowestFirst() {
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(10),
                (a, b) -> Measured.of(b == 7 || a == 7 ? 5 : a == 0 && b == 1 ? 17 : 20, 10));

        String text = P2pText.render(m);

        assertThat(text).doesNotContain("# Bandwidth per direction").contains("# Every pair, flagged first, then slowest first\n");
        var rows = text.lines().dropWhile(l -> !l.startsWith("PAIR")).skip(1).takeWhile(l -> !l.startsWith("#")).toList();
        assertThat(rows).hasSize(45);
        assertThat(rows.subList(0, 9)).allSatisfy(r -> assertThat(r).contains("node7", "slow bandwidth (0.25 of median)"));
        assertThat(rows.get(9)).startsWith("0-1   node0 - node1  17.00  10.0  0      -");
        assertThat(text).endsWith("# check p2p FAILED: 9 of 45 pairs slow, none with wrong data; suspect node(s): node7 (9 of 9 pairs flagged)\n");
    }

    @Test
    void twoSuspectsAreBothNamedInTheVerdict() {
        assertThat(P2pText.verdict(SyntheticRuns.withSlowNodes(8, 1, 4))).isEqualTo(
                "# check p2p FAILED: 13 of 28 pairs slow, none with wrong data; suspect node(s): node1 (7 of 7 pairs flagged), "
                        + "node4 (7 of 7 pairs flagged)");
    }
}
