package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.ncclkit.check.CheckStep;
import org.ncclkit.check.PeerSide;
import org.ncclkit.check.PluginPairTransfer;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.NativeException;
import org.ncclkit.ffi.NetPlugin;
import org.ncclkit.rendezvous.RendezvousClient;

/**
 * Step 2: the NET plugin alone between pairs of nodes, every device, both directions, on the search's rounds. Runs
 * wherever the plugin loads, GPU or not, so that on the CPU the search runs for real over the C fixture plugin. A
 * node where it does not load while it loads elsewhere fails its pairs (and so the search convicts it); skipped when
 * it loads nowhere (NCCL then uses its own IB or Socket transport).
 */
public final class PluginStep {
    static final String NAME = "plugin";
    private static final String SLOW = "compare this node's NICs with a good node's (link rate, fi_info -p efa, PCIe "
            + "placement) and rerun 'ncclkit check plugin' between the two; drain it if it stays slow";
    private static final String BROKEN = "drain the node: the plugin moved wrong data or could not connect; check its "
            + "NICs, libfabric and plugin (ncclkit info, ncclkit check plugin with a good node)";

    private PluginStep() {
    }

    /** The plugin step on this rank; {@code settings.device()} is ignored: every device is tested. */
    public static void run(StepContext ctx, String library, PluginPairTransfer.Settings settings, PairSearch.Settings judging,
                           int maxPairs) {
        if (ctx.client().isEmpty()) {
            ctx.ended(new ValidateReport.Step(NAME, CheckStep.Outcome.SKIPPED, "one node: no pair to test", List.of()));
            return;
        }
        RendezvousClient client = ctx.client().get();
        NetPlugin plugin = null;
        String problem;
        try {
            plugin = NetPlugin.open(library);
            plugin.init((level, flags, file, line, message) -> {
                if (level == 2) { // the plugin's warnings say why a pair fails (a refused connection, a bad handle)
                    ctx.warn("plugin: " + message);
                }
            });
            problem = "";
        } catch (LibraryNotFoundException | NativeException e) {
            problem = e.getMessage();
        }
        List<String> problems = ctx.allGather(problem);
        if (problems.stream().noneMatch(String::isEmpty)) {
            ctx.ended(new ValidateReport.Step(NAME, CheckStep.Outcome.SKIPPED, "no NET plugin (" + problems.getFirst()
                    + "); NCCL uses its own IB or Socket transport", List.of()));
            return;
        }
        List<String> deviceCounts = ctx.allGather(plugin == null ? "0" : Integer.toString(plugin.devices()));
        int devices = deviceCounts.stream().mapToInt(Integer::parseInt).filter(d -> d > 0).min().orElse(0);
        ctx.progress("step 2/5 plugin: " + library + ", " + devices + " device" + (devices == 1 ? "" : "s")
                + " each way between pairs of nodes");
        NetPlugin loaded = plugin;
        String notLoaded = problem;
        List<Integer> waves = new ArrayList<>();
        Optional<PairSearch> search = ctx.root() ? Optional.of(new PairSearch(ctx.nodes(), ctx.groups(), judging)) : Optional.empty();
        PairRounds.PairTest test = (running, peer) -> loaded == null ? standIn(client, devices, peer, notLoaded)
                : allDevices(loaded, client, settings, devices, peer);
        new PairRounds(client, maxPairs).run(search, test, ctx.deadline(), report -> {
            waves.add(report.waves());
            ctx.progress(SearchEvidence.roundLine("step 2/5 plugin", report, search.get()));
        });
        if (loaded != null) {
            loaded.finish();
        }
        if (ctx.root()) {
            ctx.ended(SearchEvidence.record(NAME, search.get(), waves, ctx, SLOW, BROKEN));
        }
    }

    /** Every device in turn with the peer; the pair is as good as its worst device. */
    private static PeerSide allDevices(NetPlugin plugin, RendezvousClient client, PluginPairTransfer.Settings settings,
                                       int devices, OptionalInt peer) {
        PeerSide worst = null;
        for (int dev = 0; dev < devices; dev++) {
            var onDevice = new PluginPairTransfer.Settings(dev, settings.bytes(), settings.inFlight(), settings.iterations(),
                    settings.latencyExchanges(), settings.timeout());
            PeerSide side = new PluginPairTransfer(plugin, client, onDevice).exchange(peer);
            if (side.error() != null) {
                side = new PeerSide(side.rank(), side.peer(), 0, side.latencyMicros(), side.wrong(), "dev " + dev + ": " + side.error());
            }
            worst = worst == null ? side : new PeerSide(side.rank(), side.peer(), Math.min(worst.receiveGBps(), side.receiveGBps()),
                    Math.max(worst.latencyMicros(), side.latencyMicros()), worst.wrong() + side.wrong(),
                    worst.error() != null ? worst.error() : side.error());
        }
        return worst;
    }

    /** A rank without the plugin: it takes part in each device's handle exchange and reports why it cannot test. */
    private static PeerSide standIn(RendezvousClient client, int devices, OptionalInt peer, String problem) {
        for (int dev = 0; dev < devices; dev++) {
            client.allGather(new byte[0]);
        }
        return peer.isEmpty() ? PeerSide.idle(client.rank())
                : new PeerSide(client.rank(), peer.getAsInt(), 0, 0, 0, "the plugin does not load here: " + problem);
    }
}
