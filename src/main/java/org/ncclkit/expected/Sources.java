package org.ncclkit.expected;

/** The public pages the table and the calibrations cite, each named once. */
final class Sources {
    static final Source AWS_P4 = new Source("Amazon EC2 P4 instances (p4d/p4de: 8 x A100, 400 Gbps EFA, 600 GB/s NVSwitch)",
            "https://aws.amazon.com/ec2/instance-types/p4/");
    static final Source AWS_P5 = new Source("Amazon EC2 P5 instances (p5/p5e/p5en: 8 x H100/H200, 3200 Gbps EFA, 900 GB/s NVSwitch)",
            "https://aws.amazon.com/ec2/instance-types/p5/");
    static final Source AWS_P6 = new Source("Amazon EC2 P6 instances (p6-b200: 8 x B200, 3200 Gbps EFAv4; p6-b300: 8 x B300, 6400 Gbps EFAv4; 1800 GB/s NVLink)",
            "https://aws.amazon.com/ec2/instance-types/p6/");
    static final Source AWS_NETWORK_CARDS = new Source("EC2 user guide: EFA on instances with several network cards (EFA devices per instance)",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-acc-inst-types.html");
    static final Source TORCHX_EFA_COUNTS = new Source("torchx named resources: EFA devices p5e 32, p5en 16",
            "https://github.com/meta-pytorch/torchx/pull/1098");
    static final Source AWSOME_B300_DEVICES = new Source("awsome-distributed-ai PR 1255: 2 x p6-b300, 16 EFA devices per node",
            "https://github.com/awslabs/awsome-distributed-ai/pull/1255");
    static final Source AWSOME_NCCL_TESTS = new Source("awsome-distributed-training nccl-tests README: 2 x p4de and 2 x p5 all_reduce runs",
            "https://github.com/aws-samples/awsome-distributed-training/blob/main/micro-benchmarks/nccl-tests/README.md");
    static final Source AWSOME_P5EN = new Source("awsome-distributed-training topology-aware nccl-tests README: p5en all_reduce at 16 GiB",
            "https://github.com/aws-samples/awsome-distributed-training/blob/main/micro-benchmarks/nccl-tests/slurm/topology-aware-nccl-tests/README.md");
    static final Source NCCL_527 = new Source("NVIDIA/nccl#527: one p4d node (8 x A100), all_reduce 230.77 GB/s at 1 GiB",
            "https://github.com/NVIDIA/nccl/issues/527");
    static final Source NCCL_2140 = new Source("NVIDIA/nccl#2140: 8 x H100 NVLS off/on 370/480 GB/s, 8 x B300 695/845 GB/s",
            "https://github.com/NVIDIA/nccl/issues/2140");
    static final Source NCCL_TESTS_212 = new Source("NVIDIA/nccl-tests#212 (NCCL maintainer): NVLink4 450 GB/s line rate, ~370 GB/s effective, NVLS ~480 GB/s busbw",
            "https://github.com/NVIDIA/nccl-tests/issues/212");
    static final Source STAS_H200 = new Source("stas00/ml-engineering: all_reduce on one 8 x H200 node, 482.26 GB/s at 16 GiB (NVLS), 367.61 with NVLS off",
            "https://github.com/stas00/ml-engineering/blob/master/network/benchmarks/results/all-reduce-8xH200.md");
    static final Source NCCL_TESTS_119 = new Source("NVIDIA/nccl-tests#119 (NCCL maintainer): ring over one 200 Gb/s IB NIC gives ~24 GB/s",
            "https://github.com/NVIDIA/nccl-tests/issues/119");
    static final Source NCCL_TESTS_22 = new Source("NVIDIA/nccl-tests#22: on 2 nodes NCCL's tree reports busbw above the NIC rate",
            "https://github.com/NVIDIA/nccl-tests/issues/22");

    private Sources() {
    }
}
