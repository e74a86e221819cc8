package org.ncclkit.expected;

import java.util.List;

/**
 * The model's fitted constants, each with the range that the published runs it was taken from spread over, and those
 * runs. Efficiencies are the share of a link's line rate that NCCL's large messages reach; start-up times are the fixed
 * cost of one operation, which sets the size where half of the large-message bandwidth is reached.
 */
public enum Calibration {
    /** Ring (and every collective but NVLS all_reduce) over NVLink: busbw / (links x per-link rate). */
    NVLINK_RING("NVLink ring efficiency", 0.80, 0.76, 0.84, true,
            "busbw / NVLink line rate on one node: 8 x A100 230.77/300 = 0.77, 8 x H100 370/450 = 0.82, "
                    + "8 x H200 367.61/450 = 0.82, 8 x B300 695/900 = 0.77",
            List.of(Sources.NCCL_527, Sources.NCCL_2140, Sources.NCCL_TESTS_212, Sources.STAS_H200)),
    /** NVLink SHARP all_reduce: algbw / NVLink line rate (the switch reduces, so busbw's ring formula overstates the wire). */
    NVLS("NVLS algbw efficiency", 0.58, 0.53, 0.62, true,
            "algbw / NVLink line rate with NVLS: 8 x H100 275/450 = 0.61, 8 x H200 275.58/450 = 0.61, 8 x B300 483/900 = 0.54",
            List.of(Sources.NCCL_2140, Sources.NCCL_TESTS_212, Sources.STAS_H200)),
    /** Ring over the network: busbw / (NICs x link rate) of a node. */
    NETWORK_RING("network ring efficiency", 0.93, 0.88, 0.97, true,
            "busbw / NIC line rate with a ring: one 200 Gb/s IB NIC ~24/25 = 0.96; p5en (16 x 200 Gb/s EFA) at least "
                    + "369.86/400 = 0.92 (that run may be NVLink-bound)",
            List.of(Sources.NCCL_TESTS_119, Sources.AWSOME_P5EN)),
    /** NCCL's tree on 2 nodes: algbw / (NICs x link rate); each node sends each byte once instead of twice. */
    NETWORK_TREE("network tree efficiency (2 nodes)", 0.84, 0.79, 0.89, true,
            "algbw / NIC line rate of the 2-node tree: 2 x p4de 41.78/50 = 0.84 at 2 GiB (this run calibrates it; "
                    + "the other tree runs in the table are NVLS-bound)",
            List.of(Sources.AWSOME_NCCL_TESTS, Sources.NCCL_TESTS_22)),
    /** Fixed cost of one operation on one node: half of the NVLink bandwidth is reached at algbw x this time. */
    NVLINK_STARTUP("start-up time on one node", 0.1e-3, 0.05e-3, 0.2e-3, false,
            "size at half bandwidth / algbw: 8 x H200 about 26 MB / 275.6 GB/s = 0.095 ms",
            List.of(Sources.STAS_H200)),
    /** Fixed cost of one operation across nodes. */
    NETWORK_STARTUP("start-up time across nodes", 0.5e-3, 0.25e-3, 1.0e-3, false,
            "size at half bandwidth / algbw: 2 x p4de about 30 MB / 41.8 GB/s = 0.72 ms, 2 x p5 about 100 MB / 260 GB/s = 0.38 ms",
            List.of(Sources.AWSOME_NCCL_TESTS));

    private final String label;
    private final double nominal;
    private final double low;
    private final double high;
    private final boolean higherIsFaster;
    private final String basis;
    private final List<Source> sources;

    Calibration(String label, double nominal, double low, double high, boolean higherIsFaster, String basis,
                List<Source> sources) {
        this.label = label;
        this.nominal = nominal;
        this.low = low;
        this.high = high;
        this.higherIsFaster = higherIsFaster;
        this.basis = basis;
        this.sources = sources;
    }

    public String label() { return label; }

    /** "ratio" for efficiencies, "s" for start-up times. */
    public String unit() { return higherIsFaster ? "ratio" : "s"; }

    public double nominal() { return nominal; }

    public double low() { return low; }

    public double high() { return high; }

    /** What the published runs show, with the arithmetic. */
    public String basis() { return basis; }

    public List<Source> sources() { return sources; }

    /** The value in a scenario: LOW is the slow end (a low efficiency, a long start-up time), HIGH the fast end. */
    double value(Scenario scenario) {
        return switch (scenario) {
            case NOMINAL -> nominal;
            case LOW -> higherIsFaster ? low : high;
            case HIGH -> higherIsFaster ? high : low;
        };
    }
}
