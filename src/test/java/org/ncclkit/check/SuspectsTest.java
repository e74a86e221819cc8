package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuspectsTest {
    private static PairResult pair(int a, int b, String nodeA, String nodeB, boolean slow) {
        return new PairResult(RankPair.of(a, b), nodeA, nodeB, slow ? 1 : 10, 5, 0, slow, false);
    }

    @Test
    void noFlaggedPairMeansNoSuspect() {
        assertThat(Suspects.of(List.of(pair(0, 1, "a", "b", false)))).isEmpty();
    }

    @Test
    void aSingleSlowPairImplicatesBothOfItsNodesEqually() {
        List<PairResult> pairs = List.of(pair(0, 1, "a", "b", true), pair(0, 2, "a", "c", false), pair(1, 2, "b", "c", false));

        assertThat(Suspects.of(pairs)).containsExactly(new Suspect("a", 1, 2), new Suspect("b", 1, 2));
    }

    @Test
    void theNodeInTheMostFlaggedPairsWins() {
        List<PairResult> pairs = List.of(pair(0, 1, "a", "b", true), pair(0, 2, "a", "c", true), pair(1, 2, "b", "c", false));

        assertThat(Suspects.of(pairs)).containsExactly(new Suspect("a", 2, 2));
    }

    @Test
    void aPairInsideOneNodeCountsOnceForIt() {
        List<PairResult> pairs = List.of(pair(0, 1, "a", "a", true), pair(0, 2, "a", "b", false));

        assertThat(Suspects.of(pairs)).containsExactly(new Suspect("a", 1, 2));
    }
}
