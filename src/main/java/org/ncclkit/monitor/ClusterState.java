package org.ncclkit.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the monitor knows of every node: the latest reading of each GPU, when the node last spoke, why it stopped if it
 * did, and the XID errors seen since monitoring began. Fed from many threads (one per remote agent); read as snapshots.
 */
public final class ClusterState {
    /** One node as of a snapshot; {@code gpus} by index, {@code down} null while the node's agent runs. */
    public record Node(String host, List<GpuSample> gpus, Instant lastHeard, String down, Map<Integer, List<Long>> xidsSeen) {
    }

    private static final class NodeState {
        final Map<Integer, GpuSample> gpus = new TreeMap<>();
        final Map<Integer, List<Long>> xids = new TreeMap<>();
        Instant lastHeard;
        String down;
    }

    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private final List<GpuSample> fresh = new ArrayList<>();

    /** Lists a node before it has said anything, counting it as heard at {@code since} (so silence is measured from then). */
    public synchronized void expect(String host, Instant since) {
        nodes.computeIfAbsent(host, h -> new NodeState()).lastHeard = since;
    }

    public synchronized void heard(String host, Instant at) {
        nodes.computeIfAbsent(host, h -> new NodeState()).lastHeard = at;
    }

    public synchronized void update(List<GpuSample> samples, Instant receivedAt) {
        for (GpuSample sample : samples) {
            NodeState node = nodes.computeIfAbsent(sample.host(), h -> new NodeState());
            node.gpus.put(sample.index(), sample);
            node.lastHeard = receivedAt;
            if (!sample.xids().isEmpty()) {
                node.xids.computeIfAbsent(sample.index(), index -> new ArrayList<>()).addAll(sample.xids());
            }
            fresh.add(sample);
        }
    }

    /** Marks a node as no longer reporting, with the reason ("ncclkit not installed on node-b"). */
    public synchronized void down(String host, String reason) {
        nodes.computeIfAbsent(host, h -> new NodeState()).down = reason;
    }

    /** The samples that arrived since the last call, in arrival order (for the line view and the recorder). */
    public synchronized List<GpuSample> drainFresh() {
        List<GpuSample> drained = List.copyOf(fresh);
        fresh.clear();
        return drained;
    }

    public synchronized List<Node> snapshot() {
        List<Node> result = new ArrayList<>();
        nodes.forEach((host, node) -> {
            Map<Integer, List<Long>> xids = new TreeMap<>();
            node.xids.forEach((index, list) -> xids.put(index, List.copyOf(list)));
            result.add(new Node(host, List.copyOf(node.gpus.values()), node.lastHeard, node.down, xids));
        });
        return result;
    }

    /** The newest sample time of all, or null before any sample (a replay's "now"). */
    public synchronized Instant newestSampleTime() {
        return nodes.values().stream().flatMap(node -> node.gpus.values().stream()).map(GpuSample::time)
                .max(Comparator.naturalOrder()).orElse(null);
    }
}
