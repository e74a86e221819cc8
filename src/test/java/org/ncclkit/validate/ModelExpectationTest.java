package org.ncclkit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.collective.Collective;
import org.ncclkit.expected.ClusterShape;
import org.ncclkit.expected.ExpectedBandwidth;
import org.ncclkit.expected.LocalHardware;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.testing.RecordedNodes;

class ModelExpectationTest {
    private static final NodeInfo P5 = RecordedNodes.node("p5-node");

    @Test
    void theExpectedBusbwIsTheModelsForTheNodesHardwareAtTheSizeRun() {
        var expected = ModelExpectation.of(P5, Map.of("NCCL_NVLS_ENABLE", "0")).at(Collective.ALL_REDUCE, 1L << 30, 2, 8).orElseThrow();

        var model = ExpectedBandwidth.forCluster(LocalHardware.from(P5), ClusterShape.under(2, 8, Map.of("NCCL_NVLS_ENABLE", "0")))
                .of(Collective.ALL_REDUCE);
        assertThat(expected.busbwGBps()).isEqualTo(model.busbwAt(1L << 30));
        assertThat(expected.lowGBps()).isLessThan(expected.busbwGBps());
        assertThat(expected.basis()).startsWith("ncclkit expected for ").contains("limited by");
    }

    @Test
    void aShapeTheModelDeclinesHasNoExpectedValue() {
        assertThat(ModelExpectation.of(P5, Map.of()).at(Collective.ALL_REDUCE, 1L << 30, 1, 1)).isEmpty();
    }
}
