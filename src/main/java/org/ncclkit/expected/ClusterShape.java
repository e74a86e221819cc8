package org.ncclkit.expected;

import java.util.Map;

/** How the cluster is used: nodes, GPUs per node, the algorithms allowed and whether NVLink SHARP (NVLS) is enabled. */
public record ClusterShape(int nodes, int gpusPerNode, Algorithm algorithm, boolean nvls) {

    public ClusterShape {
        if (nodes < 1 || gpusPerNode < 1) {
            throw new IllegalArgumentException("nodes and GPUs per node must be at least 1 (got " + nodes + " and "
                    + gpusPerNode + ")");
        }
        if (nodes * gpusPerNode < 2) {
            throw new IllegalArgumentException("one GPU in all moves nothing over any link: give at least 2 nodes or 2 GPUs per node");
        }
    }

    /** The shape NCCL would use by default: every algorithm, NVLS on where the hardware has it. */
    public static ClusterShape of(int nodes, int gpusPerNode) {
        return new ClusterShape(nodes, gpusPerNode, Algorithm.AUTO, true);
    }

    /**
     * The shape NCCL takes under this environment: {@code NCCL_ALGO} set to Ring or Tree alone forces that algorithm,
     * {@code NCCL_NVLS_ENABLE=0} turns NVLS off.
     */
    public static ClusterShape under(int nodes, int gpusPerNode, Map<String, String> environment) {
        return new ClusterShape(nodes, gpusPerNode, Algorithm.fromNcclAlgo(environment.get("NCCL_ALGO")),
                !"0".equals(environment.get("NCCL_NVLS_ENABLE")));
    }

    public int ranks() {
        return nodes * gpusPerNode;
    }
}
