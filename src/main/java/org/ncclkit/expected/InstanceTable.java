package org.ncclkit.expected;

import static org.ncclkit.collective.Collective.ALL_REDUCE;

import java.util.List;
import java.util.Optional;

/** Published hardware of cloud GPU instance types, each with its sources and the nccl-tests runs it is checked against. */
public final class InstanceTable {
    private static final long GIB = 1L << 30;
    private static final long LARGE = 0;

    private static final PublishedFigure H100_NVLS_OFF = new PublishedFigure(ALL_REDUCE, 1, false, LARGE, 370,
            "one 8 x H100 node, NVLS off", Sources.NCCL_2140);
    private static final PublishedFigure H100_NVLS_ON = new PublishedFigure(ALL_REDUCE, 1, true, LARGE, 480,
            "one 8 x H100 node, NVLS on", Sources.NCCL_TESTS_212);
    private static final PublishedFigure H200_NVLS_OFF = new PublishedFigure(ALL_REDUCE, 1, false, LARGE, 367.61,
            "one 8 x H200 node, NVLS off", Sources.STAS_H200);
    private static final PublishedFigure H200_NVLS_ON = new PublishedFigure(ALL_REDUCE, 1, true, 16 * GIB, 482.26,
            "one 8 x H200 node, NVLS on, 16 GiB", Sources.STAS_H200);
    private static final PublishedFigure NVLINK5_NVLS_OFF = new PublishedFigure(ALL_REDUCE, 1, false, LARGE, 695,
            "one 8 x B300 node (NVLink5 as on B200), NVLS off", Sources.NCCL_2140);
    private static final PublishedFigure NVLINK5_NVLS_ON = new PublishedFigure(ALL_REDUCE, 1, true, LARGE, 845,
            "one 8 x B300 node (NVLink5 as on B200), NVLS on", Sources.NCCL_2140);

    private static final List<InstanceType> TYPES = List.of(
            new InstanceType("p4d.24xlarge",
                    new NodeHardware("instance p4d.24xlarge", "NVIDIA A100-SXM4-40GB", 8, 4, 100, "NVLink3", 12, 25, false),
                    List.of(Sources.AWS_P4, Sources.AWS_NETWORK_CARDS),
                    List.of(new PublishedFigure(ALL_REDUCE, 1, false, GIB, 230.77, "one p4d node, 1 GiB", Sources.NCCL_527))),
            new InstanceType("p4de.24xlarge",
                    new NodeHardware("instance p4de.24xlarge", "NVIDIA A100-SXM4-80GB", 8, 4, 100, "NVLink3", 12, 25, false),
                    List.of(Sources.AWS_P4, Sources.AWS_NETWORK_CARDS),
                    List.of(new PublishedFigure(ALL_REDUCE, 2, false, 2 * GIB, 78.33, "2 x p4de, 2 GiB",
                            Sources.AWSOME_NCCL_TESTS))),
            new InstanceType("p5.48xlarge",
                    new NodeHardware("instance p5.48xlarge", "NVIDIA H100 80GB HBM3", 8, 32, 100, "NVLink4", 18, 25, true),
                    List.of(Sources.AWS_P5, Sources.AWS_NETWORK_CARDS),
                    List.of(new PublishedFigure(ALL_REDUCE, 2, true, 16 * GIB, 487.09, "2 x p5, 16 GiB", Sources.AWSOME_NCCL_TESTS),
                            new PublishedFigure(ALL_REDUCE, 2, true, 2 * GIB, 443.72, "2 x p5, 2 GiB", Sources.AWSOME_NCCL_TESTS),
                            H100_NVLS_OFF, H100_NVLS_ON)),
            new InstanceType("p5e.48xlarge",
                    new NodeHardware("instance p5e.48xlarge", "NVIDIA H200", 8, 32, 100, "NVLink4", 18, 25, true),
                    List.of(Sources.AWS_P5, Sources.TORCHX_EFA_COUNTS),
                    List.of(H200_NVLS_OFF, H200_NVLS_ON)),
            new InstanceType("p5en.48xlarge",
                    new NodeHardware("instance p5en.48xlarge", "NVIDIA H200", 8, 16, 200, "NVLink4", 18, 25, true),
                    List.of(Sources.AWS_P5, Sources.AWS_NETWORK_CARDS, Sources.TORCHX_EFA_COUNTS),
                    // the README does not give the node count; its scripts sweep 8, 16 and 32 nodes, where the ring bound is the same
                    List.of(new PublishedFigure(ALL_REDUCE, 16, true, 16 * GIB, 369.86, "p5en, several nodes, 16 GiB",
                            Sources.AWSOME_P5EN), H200_NVLS_OFF, H200_NVLS_ON)),
            new InstanceType("p6-b200.48xlarge",
                    new NodeHardware("instance p6-b200.48xlarge", "NVIDIA B200", 8, 8, 400, "NVLink5", 18, 50, true),
                    List.of(Sources.AWS_P6, Sources.AWS_NETWORK_CARDS),
                    List.of(NVLINK5_NVLS_OFF, NVLINK5_NVLS_ON)),
            new InstanceType("p6-b300.48xlarge",
                    new NodeHardware("instance p6-b300.48xlarge", "NVIDIA B300", 8, 16, 400, "NVLink5", 18, 50, true),
                    List.of(Sources.AWS_P6, Sources.AWSOME_B300_DEVICES),
                    List.of(NVLINK5_NVLS_OFF, NVLINK5_NVLS_ON)));

    private InstanceTable() {
    }

    public static List<InstanceType> all() {
        return TYPES;
    }

    public static Optional<InstanceType> lookup(String name) {
        return TYPES.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return TYPES.stream().map(InstanceType::name).toList();
    }
}
