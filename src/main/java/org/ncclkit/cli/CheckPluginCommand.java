package org.ncclkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ncclkit.check.CheckStep;
import org.ncclkit.check.MemoryKind;
import org.ncclkit.check.MessageSize;
import org.ncclkit.check.PluginTransferCheck;
import org.ncclkit.check.RankMeasurements;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.NetDeviceProperties;
import org.ncclkit.ffi.NetPlugin;
import org.ncclkit.gpu.GpuAvailability;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.RunMembership;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit check plugin}: aws-ofi-nccl's nccl_message_transfer, driven from Java against any NET plugin. */
@Command(name = "plugin", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  mpirun -np 2 -N 1 --hostfile hosts ncclkit check plugin",
                "  ncclkit run -np 2 check plugin --plugin /path/libnccl-net.so --memory both"},
        sortOptions = false,
        description = {"Load an NCCL NET plugin, list its devices, and between 2 ranks connect, post many sends and "
                + "receives in flight, poll them to completion and validate every byte, in host and/or GPU memory.",
                "Run as 2 ranks on 2 nodes: mpirun -np 2 -N 1 ncclkit check plugin, or on one host: "
                        + "ncclkit run -np 2 check plugin --plugin PATH. With more ranks, rank 0 tests with the first "
                        + "rank on another node and the others wait."})
final class CheckPluginCommand implements Callable<Integer> {
    /** What to test: the plugin, its device, requests in flight, message sizes, memory (empty: the default) and the limit. */
    record Request(String library, int device, int requests, List<MessageSize> sizes, Optional<List<MemoryKind>> memory,
                   Duration timeout) {
        /** {@code ncclkit check plugin} with no option but the library. */
        static Request defaults(String library) {
            return new Request(library, 0, 32, MessageSize.AWS_OFI_NCCL, Optional.empty(), Duration.ofSeconds(60));
        }
    }

    @Option(names = "--plugin", paramLabel = "PATH",
            description = "The plugin library (default: as NCCL finds it: NCCL_NET_PLUGIN, else libnccl-net.so).")
    String pluginPath;
    @Option(names = "--requests", paramLabel = "N", defaultValue = "32",
            description = "Sends/receives in flight per size (default: ${DEFAULT-VALUE}, like aws-ofi-nccl; 255 as on the DLAMI page).")
    int requests;
    @Option(names = "--sizes", paramLabel = "SEND[:RECV]", split = ",",
            description = "Message sizes, e.g. 512,4K,1M:2M (default: aws-ofi-nccl's message-transfer pairs; "
                    + "pairs whose send exceeds the receive are skipped).")
    List<String> sizes;
    @Option(names = "--memory", paramLabel = "host|cuda|both",
            description = "Buffers to test: host memory (NCCL_PTR_HOST), GPU memory (NCCL_PTR_CUDA), or both in turn "
                    + "(default: both when the device's ptrSupport has NCCL_PTR_CUDA and every rank has a GPU, else host).")
    String memory;
    @Option(names = "--dev", paramLabel = "D", defaultValue = "0", description = "Plugin device to test (default: 0).")
    int device;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Limit for connecting and for each size's completions (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;
    @Mixin
    RendezvousOptions rendezvous;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<MessageSize> messageSizes = parseSizes();
        Optional<List<MemoryKind>> requestedMemory = MemoryChoice.requested(memory);
        if (requests < 1 || requests > 1024) {
            throw new UsageException("--requests must be 1..1024, not " + requests);
        }
        if (timeoutSeconds <= 0) {
            throw new UsageException("--timeout must be positive");
        }
        var request = new Request(pluginLibrary(pluginPath, System.getenv()), device, requests, messageSizes, requestedMemory,
                Duration.ofMillis((long) (timeoutSeconds * 1000)));
        return RankSession.execute(rendezvous, (membership, peerFailure) -> {
            RunMembership m = membership.orElseThrow(() -> new UsageException("check plugin needs 2 ranks; run it as: "
                    + "ncclkit run -np 2 check plugin ..., or mpirun -np 2 -N 1 ncclkit check plugin ..."));
            return transfer(m, peer(m), request, spec.commandLine().getOut()).passed() ? ExitCodes.OK : ExitCodes.WRONG_RESULT;
        });
    }

    /** Rank 0's partner in the test: the first rank on another node, else rank 1 (every rank gets the same answer). */
    static int peer(RunMembership membership) {
        String node = RankMeasurements.node(Hostname.get(), System.getenv("NCCL_HOSTID"));
        return PluginTransferCheck.peerOf(membership.client().allGather(node.getBytes(StandardCharsets.UTF_8)).stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList());
    }

    /**
     * Runs the transfer test between rank 0 and {@code peer}, the other ranks standing by; rank 0 prints the verdict
     * line. Every rank returns the same outcome.
     */
    static CheckStep transfer(RunMembership membership, int peer, Request request, PrintWriter out) {
        int rank = membership.rank().rank();
        if (rank != 0 && rank != peer) {
            List<MemoryKind> any = List.of(MemoryKind.values()); // the two that test decide
            List<MemoryKind> kinds = MemoryChoice.common(any, membership.client().allGather(MemoryChoice.mask(any)));
            boolean passed = PluginTransferCheck.standBy(membership.client(), kinds, request.sizes());
            return new CheckStep("plugin", passed ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL, "");
        }
        NetPlugin plugin = NetPlugin.open(request.library());
        boolean trace = "TRACE".equalsIgnoreCase(System.getenv("NCCL_DEBUG"));
        plugin.init((level, flags, file, line, message) -> {
            if (level <= 3 || trace) {
                out.printf("%s: File: %s Line: %d: %s%n", level == 2 ? "WARN" : level == 5 ? "TRACE" : "INFO", file, line, message);
                out.flush();
            }
        });
        int devices = plugin.devices();
        out.printf("Rank %d: Process rank %d started. NCCLNet device used on %s is %s (%s, ncclNetPlugin_v%d; exports %s)%n",
                rank, rank, Hostname.get(), plugin.name(), request.library(), plugin.version(),
                String.join(" ", plugin.exportedVersions().stream().map(v -> "v" + v).toList()));
        out.printf("Rank %d: Received %d network devices%n", rank, devices);
        for (int d = 0; d < devices; d++) {
            NetDeviceProperties p = plugin.properties(d);
            out.printf("Rank %d:   dev %d: %s, pci %s, %d Mbps, port %d, memory %s, regIsGlobal %d, maxComms %d, maxRecvs %d%n",
                    rank, d, p.name(), p.pciPath().isEmpty() ? "-" : p.pciPath(), p.speedMbps(), p.port(),
                    p.memoryKinds(), p.regIsGlobal() ? 1 : 0, p.maxComms(), p.maxRecvs());
        }
        out.flush();
        if (request.device() < 0 || request.device() >= devices) {
            throw new UsageException("--dev " + request.device() + " is not one of the plugin's " + devices + " devices");
        }
        List<MemoryKind> kinds = memoryKinds(membership, plugin.properties(request.device()), request, out);
        var settings = new PluginTransferCheck.Settings(request.device(), kinds, request.requests(), request.sizes(), request.timeout());
        PluginTransferCheck check = new PluginTransferCheck(plugin, membership.client(), peer, out, settings);
        boolean passed = check.run();
        return new CheckStep("plugin", passed ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL,
                plugin.name() + " (" + request.library() + ", v" + plugin.version() + "): " + check.outcome());
    }

    /** The memory both ranks test; with CUDA memory, this rank's GPU is made current for the check's buffers. */
    private static List<MemoryKind> memoryKinds(RunMembership membership, NetDeviceProperties properties, Request request,
                                                PrintWriter out) {
        int rank = membership.rank().rank();
        GpuAvailability gpu = properties.supportsGpuMemory() ? GpuAvailability.probe()
                : GpuAvailability.none("not looked for: the device takes no CUDA memory");
        List<MemoryKind> mine = MemoryChoice.kinds(request.memory(), properties, request.device(), gpu);
        List<MemoryKind> kinds = MemoryChoice.common(mine, membership.client().allGather(MemoryChoice.mask(mine)));
        if (!kinds.equals(mine)) {
            out.printf("Rank %d: not tested: %s, which the other rank cannot use%n", rank, MemoryKind.describe(
                    mine.stream().filter(kind -> !kinds.contains(kind)).toList()));
        }
        if (kinds.contains(MemoryKind.CUDA)) {
            int ordinal = MemoryChoice.cudaDevice(membership.indexOnHost(), gpu.count());
            CudaDriver.setDevice(ordinal);
            out.printf("Rank %d: CUDA buffers on GPU %d of %d (%s, %s)%n", rank, ordinal, gpu.count(),
                    CudaDriver.deviceName(ordinal), CudaDriver.pciBusId(ordinal));
        }
        out.printf("Rank %d: testing %s%n", rank, MemoryKind.describe(kinds));
        out.flush();
        return kinds;
    }

    private List<MessageSize> parseSizes() {
        if (sizes == null || sizes.isEmpty()) {
            return MessageSize.AWS_OFI_NCCL;
        }
        List<MessageSize> parsed = new ArrayList<>();
        SizeConverter converter = new SizeConverter();
        for (String size : sizes) {
            String[] parts = size.split(":", -1);
            try {
                long send = converter.convert(parts[0]);
                long receive = parts.length > 1 ? converter.convert(parts[1]) : send;
                if (parts.length > 2) {
                    throw new IllegalArgumentException("more than one ':'");
                }
                parsed.add(new MessageSize(send, receive));
            } catch (Exception e) {
                throw new UsageException("--sizes: '" + size + "' is not SEND[:RECV] (" + e.getMessage() + ")");
            }
        }
        return parsed;
    }

    /** The library NCCL would load: --plugin, else NCCL_NET_PLUGIN's libnccl-net-NAME.so (or NAME itself), else libnccl-net.so. */
    static String pluginLibrary(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String name = env.get("NCCL_NET_PLUGIN");
        if (name == null || name.isBlank()) {
            return "libnccl-net.so";
        }
        if (name.contains("/") || name.endsWith(".so")) {
            return name;
        }
        return "libnccl-net-" + name + ".so";
    }
}
