package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RankMeasurementsTest {

    @Test
    void aSimulatedNodeIsTheHostAndItsNcclHostId() {
        assertThat(RankMeasurements.node("gpu7", "ncclkit-simulated-node-1")).isEqualTo("gpu7/ncclkit-simulated-node-1");
        assertThat(RankMeasurements.node("gpu7", null)).isEqualTo("gpu7");
        assertThat(RankMeasurements.node("gpu7", " ")).isEqualTo("gpu7");
    }

    @Test
    void measurementsSurviveTheTripToRankZeroExactly() {
        RankMeasurements sent = new RankMeasurements(3, "gpu7/x", List.of(
                new PeerMeasurement(0, 0.0123456789, 1.7e-5, 0), new PeerMeasurement(2, 1e-3, 2e-5, 42)));

        assertThat(RankMeasurements.fromJson(sent.toJson())).isEqualTo(sent);
    }
}
