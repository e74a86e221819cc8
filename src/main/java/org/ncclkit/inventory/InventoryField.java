package org.ncclkit.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.ncclkit.info.GpuInfo;
import org.ncclkit.info.NodeInfo;

/** One property every node of a cluster should share, as a value that two nodes can be compared on and a person can read. */
public record InventoryField(String name, Function<NodeInfo, String> value) {
    static final String UNSET = "unset";
    static final String UNKNOWN = "unknown";

    /** The fields every node has; {@link #environment} adds one per variable. */
    static final List<InventoryField> FIXED = List.of(
            new InventoryField("GPU count", info -> String.valueOf(info.gpus().size())),
            new InventoryField("GPU model", info -> info.gpus().isEmpty() ? "none (" + info.gpuProblem() + ")"
                    : String.join(", ", new TreeSet<>(info.gpus().stream().map(GpuInfo::name).toList()))),
            new InventoryField("driver", info -> orUnknown(info.driverVersion())),
            new InventoryField("CUDA", info -> orUnknown(info.cudaVersion())),
            new InventoryField("NCCL", info -> library(info, "NCCL")),
            new InventoryField("libfabric", info -> library(info, "libfabric")),
            new InventoryField("NET plugin", InventoryField::plugins),
            new InventoryField("EFA devices", info -> String.valueOf(info.efaDevices().size())),
            new InventoryField("EFA devices active", info -> String.valueOf(
                    info.efaDevices().stream().filter(d -> "ACTIVE".equals(d.state())).count())),
            new InventoryField("EFA link rate", InventoryField::efaRates),
            new InventoryField("NVLinks up", info -> perGpu(info, gpu -> gpu.nvlinksUp() == null ? "n/a" : gpu.nvlinksUp().toString())),
            new InventoryField("persistence mode", info -> perGpu(info,
                    gpu -> gpu.persistenceMode() == null ? "n/a" : gpu.persistenceMode() ? "enabled" : "disabled")));

    /** The fields that say what a node runs: its GPUs and the versions of its software. */
    private static final List<String> SOFTWARE = List.of("GPU count", "GPU model", "driver", "CUDA", "NCCL", "libfabric",
            "NET plugin");

    /** The node's GPUs and software versions by field name, in that order, valued as the drift finder compares them. */
    public static Map<String, String> software(NodeInfo info) {
        Map<String, String> values = new LinkedHashMap<>();
        FIXED.stream().filter(f -> SOFTWARE.contains(f.name())).forEach(f -> values.put(f.name(), f.value().apply(info)));
        return values;
    }

    /** One field per {@code NCCL_*} and {@code FI_*} variable set on any node; where a node lacks it, it is "unset". */
    static List<InventoryField> environment(Collection<NodeInventory> nodes) {
        TreeSet<String> names = new TreeSet<>();
        nodes.forEach(n -> n.info().environment().keySet().stream()
                .filter(k -> k.startsWith("NCCL_") || k.startsWith("FI_")).forEach(names::add));
        return names.stream().map(name -> new InventoryField(name,
                info -> Objects.requireNonNullElse(info.environment().get(name), UNSET))).toList();
    }

    private static String orUnknown(String value) {
        return value == null ? UNKNOWN : value;
    }

    private static String library(NodeInfo info, String name) {
        return info.libraries().stream().filter(l -> l.name().equals(name)).findFirst()
                .map(l -> l.present() ? l.version() : "missing").orElse(UNKNOWN);
    }

    private static String plugins(NodeInfo info) {
        if (info.netPlugins().isEmpty()) {
            return "none";
        }
        // the versions, not the paths: the same plugin may sit in another directory without being different
        return String.join(", ", new TreeSet<>(info.netPlugins().stream()
                .map(p -> info.netPluginVersions().getOrDefault(p, UNKNOWN)).toList()));
    }

    private static String efaRates(NodeInfo info) {
        if (info.efaDevices().isEmpty()) {
            return "none";
        }
        TreeMap<String, Long> byRate = info.efaDevices().stream().collect(Collectors.groupingBy(
                d -> d.rateGbps() == null ? UNKNOWN : String.format(Locale.ROOT, "%.0f Gb/s", d.rateGbps()),
                TreeMap::new, Collectors.counting()));
        return byRate.size() == 1 ? byRate.firstKey()
                : byRate.entrySet().stream().map(e -> e.getKey() + " on " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** "18 on every GPU", or each value with the GPUs that have it: "18 on GPUs 0,1,2,4,5,6,7; 16 on GPU 3". */
    static String perGpu(NodeInfo info, Function<GpuInfo, String> value) {
        if (info.gpus().isEmpty()) {
            return "no GPU";
        }
        Map<String, List<Integer>> byValue = new TreeMap<>((a, b) -> b.compareTo(a));
        for (GpuInfo gpu : info.gpus()) {
            byValue.computeIfAbsent(value.apply(gpu), k -> new ArrayList<>()).add(gpu.index());
        }
        if (byValue.size() == 1) {
            return byValue.keySet().iterator().next() + " on every GPU";
        }
        return byValue.entrySet().stream().map(e -> e.getKey() + " on GPU" + (e.getValue().size() > 1 ? "s " : " ")
                + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(","))).collect(Collectors.joining("; "));
    }
}
