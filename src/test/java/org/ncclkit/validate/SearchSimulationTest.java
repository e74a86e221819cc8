package org.ncclkit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ncclkit.validate.SearchSimulation.Cluster;
import org.ncclkit.validate.SearchSimulation.Placement;

class SearchSimulationTest {
    static final int NODES = 1024;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 25);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void oneBadNodeAmong1024IsFoundInThreeRoundsAndNobodyElseIsBlamed(long seed) {
        var result = SearchSimulation.run(Cluster.typical(NODES, 1, seed), Placement.LEAF_AWARE, seed);

        assertThat(result.convicted()).isEqualTo(result.bad());
        assertThat(result.healthyBlamed()).isEmpty();
        assertThat(result.suspects()).isEmpty();
        assertThat(result.rounds()).isLessThanOrEqualTo(3);
        assertThat(result.exhaustiveRounds()).isEqualTo(NODES - 1);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void threeBadNodesAmong1024AreFoundWithinLog2NPlusThreeRounds(long seed) {
        var result = SearchSimulation.run(Cluster.typical(NODES, 3, seed), Placement.LEAF_AWARE, seed);

        assertThat(result.convicted()).hasSize(3).isEqualTo(result.bad());
        assertThat(result.healthyBlamed()).isEmpty();
        assertThat(result.rounds()).isLessThanOrEqualTo(10 + 3);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aClusterWithoutBadNodesPassesInOneRound(long seed) {
        var result = SearchSimulation.run(Cluster.typical(NODES, 0, seed), Placement.LEAF_AWARE, seed);

        assertThat(result.rounds()).isEqualTo(1);
        assertThat(result.convicted()).isEmpty();
        assertThat(result.healthyBlamed()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void pairsPlacedWithoutRegardToLeavesMeasureTheOversubscribedSpine(long seed) {
        var unaware = SearchSimulation.run(Cluster.typical(NODES, 1, seed), Placement.UNAWARE, seed);
        var aware = SearchSimulation.run(Cluster.typical(NODES, 1, seed), Placement.LEAF_AWARE, seed);

        // nearly every pair crosses the 2:1 spine: the first round's median is about half a node's link
        assertThat(unaware.firstRoundMedianOfLink()).isLessThan(0.6);
        assertThat(aware.firstRoundMedianOfLink()).isGreaterThan(0.95);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void wavesSmallEnoughForTheSpineFindTheBadNodeWithoutKnowingTheLeaves(long seed) {
        var result = SearchSimulation.run(Cluster.typical(NODES, 1, seed), Placement.UNAWARE_IN_WAVES, seed);

        assertThat(result.firstRoundMedianOfLink()).isGreaterThan(0.95);
        assertThat(result.convicted()).isEqualTo(result.bad());
        assertThat(result.healthyBlamed()).isEmpty();
        assertThat(result.rounds()).isLessThanOrEqualTo(3);
    }
}
