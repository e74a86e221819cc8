package org.ncclkit.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.ncclkit.expected.Algorithm;
import org.ncclkit.expected.ClusterShape;
import org.ncclkit.expected.Expectation;
import org.ncclkit.expected.ExpectedBandwidth;
import org.ncclkit.expected.ExpectedJson;
import org.ncclkit.expected.ExpectedText;
import org.ncclkit.expected.InstanceTable;
import org.ncclkit.expected.InstanceType;
import org.ncclkit.expected.LocalHardware;
import org.ncclkit.expected.NodeHardware;
import org.ncclkit.gpu.NoGpuException;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.info.NodeProbe;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit expected}: what the hardware should give, per collective, with the assumptions and sources. */
@Command(name = "expected", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the busbw each collective should reach at large sizes, its range, and the size where half "
                + "of it is reached, from the NICs x link rate and the GPU links of a node (read on this node, or from "
                + "the table of published instance figures with --instance) and the node count.",
                "Exit status: 0; 5 when there is no GPU here and no --instance; 6 for bad options or an unknown instance type."},
        footer = {"", "Examples:",
                "  ncclkit expected --instance p5.48xlarge --nodes 2",
                "  ncclkit expected --nodes 16 --json",
                "  ncclkit expected --instance p4de.24xlarge --nodes 2 --algorithm ring"})
public final class ExpectedCommand implements Callable<Integer> {
    @Option(names = "--instance", paramLabel = "TYPE", description = "An instance type of the table (e.g. p5.48xlarge) "
            + "instead of this node's hardware.")
    String instance;

    @Option(names = "--nodes", paramLabel = "N", description = "Nodes in the run (default: ${DEFAULT-VALUE}).")
    int nodes = 1;

    @Option(names = "--gpus-per-node", paramLabel = "G", description = "GPUs per node (default: all of the node's).")
    Integer gpusPerNode;

    @Option(names = "--algorithm", paramLabel = "ALGO", description = "auto, ring or tree (default: from NCCL_ALGO, else auto).")
    String algorithm;

    @Option(names = "--nvls", paramLabel = "on|off", description = "NVLink SHARP (default: off when NCCL_NVLS_ENABLE=0, else on "
            + "where the GPUs have it).")
    String nvls;

    @Option(names = "--nics", paramLabel = "N", description = "NICs per node, instead of those found (e.g. InfiniBand HCAs).")
    Integer nics;

    @Option(names = "--nic-gbps", paramLabel = "RATE", description = "Link rate of each NIC in Gb/s, instead of the one found.")
    Double nicGbps;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The local probe, replaceable so that tests can give a recorded node. */
    Supplier<NodeInfo> probe = NodeProbe::probe;
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        NodeHardware hardware = hardware();
        if (nics != null || nicGbps != null) {
            int count = nics != null ? nics : hardware.nics();
            double rate = nicGbps != null ? nicGbps : hardware.nicGbps();
            if (count < 0 || rate < 0 || count > 0 && rate == 0) {
                throw new UsageException("--nics and --nic-gbps must be positive (got " + count + " NICs at " + rate + " Gb/s)");
            }
            hardware = hardware.withNics(count, rate);
        }
        Expectation expectation;
        try {
            ClusterShape fromEnvironment = ClusterShape.under(nodes, gpusPerNode != null ? gpusPerNode : hardware.gpus(),
                    environment);
            ClusterShape shape = new ClusterShape(fromEnvironment.nodes(), fromEnvironment.gpusPerNode(),
                    algorithm == null ? fromEnvironment.algorithm() : algorithm(),
                    nvls == null ? fromEnvironment.nvls() : nvlsEnabled());
            expectation = ExpectedBandwidth.forCluster(hardware, shape);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        spec.commandLine().getOut().print(json ? ExpectedJson.write(expectation) + "\n" : ExpectedText.render(expectation));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private NodeHardware hardware() {
        if (instance != null) {
            return InstanceTable.lookup(instance).map(InstanceType::hardware).orElseThrow(() -> new UsageException(
                    "unknown instance type '" + instance + "'; known: " + String.join(", ", InstanceTable.names())));
        }
        try {
            return LocalHardware.from(probe.get());
        } catch (LocalHardware.NoHardwareException e) {
            throw new NoGpuException(e.getMessage() + "; name the hardware with --instance TYPE ("
                    + String.join(", ", InstanceTable.names()) + ")");
        }
    }

    private Algorithm algorithm() {
        return switch (algorithm) {
            case "auto" -> Algorithm.AUTO;
            case "ring" -> Algorithm.RING;
            case "tree" -> Algorithm.TREE;
            default -> throw new UsageException("--algorithm must be auto, ring or tree (got '" + algorithm + "')");
        };
    }

    private boolean nvlsEnabled() {
        return switch (nvls) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException("--nvls must be on or off (got '" + nvls + "')");
        };
    }
}
