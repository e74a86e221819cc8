package org.ncclkit.expected;

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

    public int ranks() {
        return nodes * gpusPerNode;
    }
}
