package org.ncclkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.bench.RendezvousProcessGroup;
import org.ncclkit.check.CheckStep;
import org.ncclkit.check.CheckStep.Outcome;
import org.ncclkit.check.CheckReport;
import org.ncclkit.check.CheckSummary;
import org.ncclkit.check.P2pJson;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.NetPlugin;
import org.ncclkit.history.CommandRows;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.RunMembership;
import org.ncclkit.logs.ShortVerdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ncclkit check}: the network path NCCL uses, in three steps with one summary: the NET plugin alone (as
 * {@code check plugin}, between rank 0 and a rank on another node), NCCL send/receive between every pair (as {@code check p2p}), and the verdict on
 * NCCL's own log of that exchange (as {@code logs verify}).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  mpirun -np 16 -N 8 --hostfile hosts --bind-to none ncclkit check",
                "  ncclkit run -np 2 --simulate-nodes 2 check --plugin /path/libnccl-net.so"},
        sortOptions = false,
        subcommands = {CheckPluginCommand.class, CheckP2pCommand.class},
        description = {"Check the network path NCCL uses, in three steps and one summary: the NET plugin's transfer test "
                + "(check plugin, rank 0 with the first rank on another node; skipped when no plugin is found), NCCL "
                + "send/receive between every pair of "
                + "ranks (check p2p, with default settings), and the verdict on NCCL's log of that exchange.",
                "Run as one rank per GPU: mpirun -np N ncclkit check, or on one host: ncclkit run -np N check. "
                        + "Exit status: 0 when every step passed or was skipped, 7 when one failed."})
public final class CheckCommand implements Callable<Integer> {
    /** The steps in the order they run. */
    private static final List<String> STEPS = List.of("plugin", "p2p", "log");
    @Option(names = "--plugin", paramLabel = "PATH",
            description = "The NET plugin (default: as NCCL finds it: NCCL_NET_PLUGIN, else libnccl-net.so).")
    String pluginPath;
    @Mixin
    HistoryOptions history;
    @Mixin
    LogCheckOptions logCheckOptions;
    @Mixin
    RendezvousOptions rendezvous;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String library = CheckPluginCommand.pluginLibrary(pluginPath, System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        return RankSession.execute(rendezvous, (membership, peerFailure) -> {
            RunMembership m = membership.orElseThrow(() -> new UsageException("check needs at least 2 ranks; run it as: "
                    + "ncclkit run -np 2 check, or mpirun -np N ncclkit check (see also: check plugin, check p2p)"));
            boolean reports = m.rank().rank() == 0;
            // read by the clean-up that records another rank's failure, on its own thread
            List<CheckStep> steps = new CopyOnWriteArrayList<>();
            AtomicReference<P2pJson.Document> p2p = new AtomicReference<>();
            RecordOnce once = new RecordOnce();
            if (reports) {
                history.checkWritable();
                once.onPeerFailure(peerFailure, (status, why) -> record(stopped(steps, why), p2p.get(), status));
            }
            try (NcclLogCheck logCheck = NcclLogCheck.start(logCheckOptions)) { // before NCCL reads its variables
                peerFailure.onFailure(logCheck::close);
                try {
                    steps.add(pluginStep(m, library, out));
                    CheckP2pCommand.Exchanged exchanged = logCheck.explainingFailure(out,
                            () -> CheckP2pCommand.exchange(m, peerFailure, CheckP2pCommand.Settings.DEFAULTS, out));
                    steps.add(exchanged.step());
                    p2p.set(exchanged.matrix() == null ? null : P2pJson.document(exchanged.matrix()));
                    ProcessGroup group = new RendezvousProcessGroup(m.client());
                    steps.add(logStep(logCheck.report(group, out)));
                    boolean passed = steps.stream().allMatch(CheckStep::passed);
                    if (reports) {
                        out.print(CheckSummary.render(steps));
                        out.flush();
                    }
                    // the log's verdict is rank 0's alone: every rank ends with it
                    int status = group.combine(0, passed ? 1 : 0) == 1 ? ExitCodes.OK : ExitCodes.WRONG_RESULT;
                    if (reports) {
                        once.record(() -> record(steps, p2p.get(), status));
                    }
                    return status;
                } catch (RuntimeException e) {
                    if (reports) { // a check that stopped (no GPU, NCCL failed) is recorded as failed
                        once.record(() -> record(stopped(steps, e.getMessage()), p2p.get(), Main.exitCodeFor(e)));
                    }
                    throw e;
                }
            }
        });
    }

    /** The steps that ended, and the one under way failed with {@code why}. */
    private static List<CheckStep> stopped(List<CheckStep> steps, String why) {
        List<CheckStep> all = new ArrayList<>(steps);
        all.add(new CheckStep(STEPS.get(Math.min(steps.size(), STEPS.size() - 1)), Outcome.FAIL, why));
        return all;
    }

    private void record(List<CheckStep> steps, P2pJson.Document p2p, int status) {
        CheckReport report = new CheckReport(CheckReport.SCHEMA, steps, p2p, status);
        String verdict = CheckSummary.verdict(steps) + (status == ExitCodes.OK || status == ExitCodes.WRONG_RESULT ? ""
                : " (exit " + status + ")");
        CheckP2pCommand.record(history, spec, CommandRows.CHECK, p2p, report.toJson(), status, verdict);
    }

    /**
     * The plugin's transfer test between rank 0 and the first rank on another node; skipped when neither of the two
     * finds a plugin (NCCL then uses its own IB or Socket transport), failed when only one does.
     */
    private static CheckStep pluginStep(RunMembership m, String library, PrintWriter out) {
        int peer = CheckPluginCommand.peer(m);
        int rank = m.rank().rank();
        String problem = rank == 0 || rank == peer ? loadProblem(library) : "";
        List<byte[]> problems = m.client().allGather(problem.getBytes(StandardCharsets.UTF_8));
        String atZero = new String(problems.getFirst(), StandardCharsets.UTF_8);
        String atPeer = new String(problems.get(peer), StandardCharsets.UTF_8);
        if (!atZero.isEmpty() && !atPeer.isEmpty()) {
            return new CheckStep("plugin", Outcome.SKIPPED, "no NET plugin (" + atZero + "); NCCL uses its own IB or Socket transport");
        }
        if (!atZero.isEmpty() || !atPeer.isEmpty()) {
            return new CheckStep("plugin", Outcome.FAIL, library + " loads on rank " + (atZero.isEmpty() ? 0 : peer)
                    + " and not on rank " + (atZero.isEmpty() ? peer : 0) + ": " + (atZero.isEmpty() ? atPeer : atZero)
                    + " (seen from " + Hostname.get() + ")");
        }
        if (rank == 0) {
            out.println("# check plugin: " + library + ", rank 0 with rank " + peer);
            out.flush();
        }
        return CheckPluginCommand.transfer(m, peer, CheckPluginCommand.Request.defaults(library), out);
    }

    /** Why the plugin cannot be loaded here, or empty when it can. */
    private static String loadProblem(String library) {
        try {
            NetPlugin.open(library);
            return "";
        } catch (LibraryNotFoundException e) {
            return e.getMessage();
        }
    }

    private static CheckStep logStep(Optional<ShortVerdict> verdict) {
        return verdict.map(v -> new CheckStep("log", v.pass() ? Outcome.PASS : Outcome.FAIL, v.headline()))
                .orElseGet(() -> new CheckStep("log", Outcome.SKIPPED, "NCCL's log was not checked (the reason is above)"));
    }
}
