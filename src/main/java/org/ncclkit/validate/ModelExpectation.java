package org.ncclkit.validate;

import java.util.Map;
import java.util.Optional;

import org.ncclkit.collective.Collective;
import org.ncclkit.expected.ClusterShape;
import org.ncclkit.expected.CollectiveExpectation;
import org.ncclkit.expected.ExpectedBandwidth;
import org.ncclkit.expected.LocalHardware;
import org.ncclkit.expected.NodeHardware;
import org.ncclkit.info.NodeInfo;

/**
 * The expected values of {@code ncclkit expected} for the hardware rank 0's node reports (the nodes are alike, or the
 * inventory step has said otherwise), under this environment's NCCL_ALGO and NCCL_NVLS_ENABLE.
 */
public final class ModelExpectation implements ExpectedBusBandwidth {
    private final NodeHardware hardware;
    private final Map<String, String> environment;

    private ModelExpectation(NodeHardware hardware, Map<String, String> environment) {
        this.hardware = hardware;
        this.environment = environment;
    }

    /** The model for this node, or {@link #NONE} where there is nothing to model (no GPU). */
    public static ExpectedBusBandwidth of(NodeInfo node, Map<String, String> environment) {
        try {
            return new ModelExpectation(LocalHardware.from(node), environment);
        } catch (LocalHardware.NoHardwareException e) {
            return NONE;
        }
    }

    /** Empty where the model declines (no NIC known for a multi-node shape, a single GPU in all). */
    @Override
    public Optional<Expected> at(Collective collective, long bytes, int nodes, int gpusPerNode) {
        try {
            CollectiveExpectation e = ExpectedBandwidth.forCluster(hardware, ClusterShape.under(nodes, gpusPerNode, environment))
                    .of(collective);
            return Optional.of(new Expected(e.busbwAt(bytes), e.lowAt(bytes), e.highAt(bytes),
                    "ncclkit expected for " + hardware.origin() + ", limited by " + e.limitedBy()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
