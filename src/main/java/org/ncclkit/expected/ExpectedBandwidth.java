package org.ncclkit.expected;

import static org.ncclkit.expected.Calibration.NETWORK_RING;
import static org.ncclkit.expected.Calibration.NETWORK_STARTUP;
import static org.ncclkit.expected.Calibration.NETWORK_TREE;
import static org.ncclkit.expected.Calibration.NVLINK_RING;
import static org.ncclkit.expected.Calibration.NVLINK_STARTUP;
import static org.ncclkit.expected.Calibration.NVLS;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ncclkit.collective.Collective;
import org.ncclkit.info.NodeInfo;

/**
 * The bandwidth model: for each collective, the busbw its slowest link allows at large sizes (a line rate times a
 * calibrated efficiency), and the size where half of it is reached (algbw times a calibrated start-up time).
 *
 * <p>Links: the network of a node (NICs x rate) and each GPU's links to the others of its node (NVLink or PCIe). A ring
 * moves busbw over every link, so its busbw is the smaller of the two. On 2 nodes NCCL's tree sends each byte over the
 * network once rather than twice, so its algbw, not its busbw, is bounded by the network (busbw can then exceed the NIC
 * rate); inside the node the tree runs as a chain (half the NVLink rate) or on NVLS. NVLS all_reduce on one node
 * reduces in the switch: its algbw is bounded by the NVLink rate.
 */
public final class ExpectedBandwidth {
    /** The collectives the model gives a figure for, in the order they are printed. */
    public static final List<Collective> COLLECTIVES = List.of(Collective.ALL_REDUCE, Collective.ALL_GATHER,
            Collective.REDUCE_SCATTER, Collective.ALLTOALL, Collective.BROADCAST, Collective.REDUCE, Collective.SENDRECV);

    private ExpectedBandwidth() {
    }

    /** A bound on busbw and the link that sets it. */
    private record Bound(double busbw, String limitedBy) {
        static Bound min(Bound a, Bound b) {
            return b == null || a.busbw <= b.busbw ? a : b;
        }

        static Bound max(Bound a, Bound b) {
            return b == null || a.busbw >= b.busbw ? a : b;
        }
    }

    public static Expectation forCluster(NodeHardware hardware, ClusterShape shape) {
        if (shape.gpusPerNode() > hardware.gpus()) {
            throw new IllegalArgumentException(shape.gpusPerNode() + " GPUs per node asked for, but the node has "
                    + hardware.gpus() + " (" + hardware.origin() + ")");
        }
        if (shape.nodes() > 1 && hardware.nics() == 0) {
            throw new IllegalArgumentException("no network device known for " + hardware.origin()
                    + ", so nothing bounds traffic between nodes: give the NIC count and rate");
        }
        NodeHardware used = hardware.withNics(nicsUsed(hardware, shape.gpusPerNode()), hardware.nicGbps());
        Map<Collective, CollectiveExpectation> collectives = new LinkedHashMap<>();
        for (Collective collective : COLLECTIVES) {
            collectives.put(collective, expect(collective, used, shape));
        }
        return new Expectation(assumptions(used, shape), collectives, sources(hardware));
    }

    /**
     * For callers that compare a run with the model ({@code validate}, {@code perf}'s summary): the expectation for
     * this node's hardware and the shape NCCL takes under {@code environment}, or empty where the model has nothing to
     * say (no GPU, one GPU in all, several nodes and no NIC known, more GPUs per node than the node has).
     */
    public static Optional<Expectation> forRun(NodeInfo node, int nodes, int gpusPerNode, Map<String, String> environment) {
        try {
            return Optional.of(forCluster(LocalHardware.from(node), ClusterShape.under(nodes, gpusPerNode, environment)));
        } catch (LocalHardware.NoHardwareException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** With fewer GPUs than the node has, only the NICs next to those GPUs carry their traffic. */
    static int nicsUsed(NodeHardware hardware, int gpusPerNode) {
        if (hardware.nics() == 0) {
            return 0;
        }
        return Math.max(1, (int) Math.ceil((double) hardware.nics() * gpusPerNode / hardware.gpus()));
    }

    private static CollectiveExpectation expect(Collective collective, NodeHardware hardware, ClusterShape shape) {
        Bound nominal = bound(collective, hardware, shape, Scenario.NOMINAL);
        Bound low = bound(collective, hardware, shape, Scenario.LOW);
        Bound high = bound(collective, hardware, shape, Scenario.HIGH);
        return new CollectiveExpectation(nominal.busbw, half(collective, shape, nominal, Scenario.NOMINAL),
                low.busbw, half(collective, shape, low, Scenario.LOW),
                high.busbw, half(collective, shape, high, Scenario.HIGH), nominal.limitedBy);
    }

    /** Half of the peak is reached where the start-up time equals the time to move the bytes: S = algbw x t0. */
    private static long half(Collective collective, ClusterShape shape, Bound bound, Scenario scenario) {
        Calibration startup = shape.nodes() == 1 ? NVLINK_STARTUP : NETWORK_STARTUP;
        double algbw = bound.busbw / collective.busBandwidthFactor(shape.ranks());
        return Math.round(algbw * 1e9 * startup.value(scenario));
    }

    private static Bound bound(Collective collective, NodeHardware hw, ClusterShape shape, Scenario s) {
        int ranks = shape.ranks();
        int gpus = shape.gpusPerNode();
        double nvlink = hw.gpuLinkTotalGBps();
        double network = hw.networkGBps();
        Bound nvlinkRing = gpus > 1 ? new Bound(nvlink * NVLINK_RING.value(s), hw.gpuLinkKind() + " ring") : null;
        if (shape.nodes() == 1) {
            if (collective == Collective.ALL_REDUCE && nvlsUsable(hw, shape) && shape.algorithm() != Algorithm.RING) {
                Bound nvls = new Bound(collective.busBandwidthFactor(ranks) * nvlink * NVLS.value(s), "NVLS (NVLink SHARP)");
                return Bound.max(nvlinkRing, nvls);
            }
            return nvlinkRing;
        }
        String nics = hw.nics() + " x " + rate(hw.nicGbps()) + " Gb/s";
        Bound ring = Bound.min(new Bound(network * NETWORK_RING.value(s), "network ring (" + nics + ")"), nvlinkRing);
        return switch (collective) {
            case ALL_REDUCE -> allReduceAcrossNodes(hw, shape, s, ring, nics);
            case ALLTOALL -> Bound.min(new Bound(network * NETWORK_RING.value(s) * (ranks - 1) / ((double) gpus * (ranks - gpus)),
                    "network, each GPU's share (" + nics + ")"), nvlinkRing);
            // only the last GPU of each node sends across, over the NICs next to it
            case SENDRECV -> Bound.min(new Bound(network / Math.min(gpus, hw.nics()) * NETWORK_RING.value(s),
                    "network, the NICs of one GPU (" + nics + ")"), nvlinkRing);
            default -> ring;
        };
    }

    private static Bound allReduceAcrossNodes(NodeHardware hw, ClusterShape shape, Scenario s, Bound ring, String nics) {
        if (shape.nodes() != 2 || shape.algorithm() == Algorithm.RING) {
            return ring; // from 3 nodes the tree's network traffic per node is that of the ring
        }
        double nvlink = hw.gpuLinkTotalGBps();
        Bound intra = null;
        if (shape.gpusPerNode() > 1) {
            intra = nvlsUsable(hw, shape) ? new Bound(nvlink * NVLS.value(s), "NVLS inside the node (tree on 2 nodes)")
                    : new Bound(nvlink * NVLINK_RING.value(s) / 2, hw.gpuLinkKind() + " chain (tree on 2 nodes)");
        }
        Bound algbw = Bound.min(new Bound(hw.networkGBps() * NETWORK_TREE.value(s), "network tree on 2 nodes (" + nics + ")"), intra);
        Bound tree = new Bound(algbw.busbw * Collective.ALL_REDUCE.busBandwidthFactor(shape.ranks()), algbw.limitedBy);
        return shape.algorithm() == Algorithm.TREE ? tree : Bound.max(tree, ring);
    }

    private static boolean nvlsUsable(NodeHardware hw, ClusterShape shape) {
        return shape.nvls() && hw.nvlsCapable() && shape.gpusPerNode() > 1;
    }

    private static Assumptions assumptions(NodeHardware hw, ClusterShape shape) {
        boolean nvls = nvlsUsable(hw, shape);
        return new Assumptions(hw.origin(), hw.gpuModel(), shape.nodes(), shape.gpusPerNode(), shape.ranks(), hw.nics(),
                hw.nicGbps(), hw.networkGBps(), hw.gpuLinkKind(), hw.gpuLinks(), hw.gpuLinkGBps(), hw.gpuLinkTotalGBps(),
                nvls, algorithmText(shape, nvls),
                Arrays.stream(Calibration.values()).map(Assumptions.CalibrationValue::of).toList());
    }

    private static String algorithmText(ClusterShape shape, boolean nvls) {
        String nvlsText = nvls ? "; NVLS for all_reduce where it is faster" : "; no NVLS";
        if (shape.algorithm() == Algorithm.RING) {
            return "ring only (NCCL_ALGO=Ring)";
        }
        return switch (shape.nodes()) {
            case 1 -> "one node: ring over the GPU links" + nvlsText;
            case 2 -> (shape.algorithm() == Algorithm.TREE ? "all_reduce on the 2-node tree"
                    : "all_reduce the faster of ring and the 2-node tree (the tree sends each byte over the network once, "
                    + "so busbw can exceed the NIC rate)") + nvlsText + "; other collectives ring";
            default -> "ring bound (from 3 nodes the tree moves as much per node as the ring)";
        };
    }

    private static List<Source> sources(NodeHardware hardware) {
        Set<Source> sources = new LinkedHashSet<>();
        InstanceTable.all().stream().filter(t -> t.hardware().origin().equals(hardware.origin()))
                .forEach(t -> sources.addAll(t.sources()));
        for (Calibration c : Calibration.values()) {
            sources.addAll(c.sources());
        }
        return List.copyOf(sources);
    }

    static String rate(double gbps) {
        return gbps == Math.rint(gbps) ? String.valueOf((long) gbps) : String.format(Locale.ROOT, "%.1f", gbps);
    }
}
