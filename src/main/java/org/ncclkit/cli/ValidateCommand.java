package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.ncclkit.bench.ProcessGroup;
import org.ncclkit.bench.RendezvousProcessGroup;
import org.ncclkit.check.CheckStep;
import org.ncclkit.check.RankMeasurements;
import org.ncclkit.cluster.PrivateFiles;
import org.ncclkit.history.CommandRows;
import org.ncclkit.info.Hostname;
import org.ncclkit.info.RunSetup;
import org.ncclkit.launch.HostEntry;
import org.ncclkit.launch.MpirunExecutable;
import org.ncclkit.launch.HostList;
import org.ncclkit.launch.RunMembership;
import org.ncclkit.prom.ValidateMetrics;
import org.ncclkit.report.Json;
import org.ncclkit.rendezvous.RendezvousClient;
import org.ncclkit.validate.Budget;
import org.ncclkit.validate.CollectivesStep;
import org.ncclkit.validate.Deadline;
import org.ncclkit.validate.ExcludeFiles;
import org.ncclkit.validate.InventoryStep;
import org.ncclkit.validate.LogJudge;
import org.ncclkit.validate.ModelExpectation;
import org.ncclkit.validate.NodeVerdict;
import org.ncclkit.validate.P2pStep;
import org.ncclkit.validate.PairSearch;
import org.ncclkit.validate.PluginStep;
import org.ncclkit.validate.StepContext;
import org.ncclkit.validate.ValidateReport;
import org.ncclkit.validate.ValidateText;
import org.ncclkit.validate.Verdicts;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit validate}: from the nodes of a run to a verdict on every node, with evidence and an exclude list. */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        footer = {"", "Examples:",
                "  ncclkit validate --hostfile hosts -J validate.json --exclude-file bad",
                "  mpirun -N 1 --hostfile hosts --bind-to none ncclkit validate --budget 10m",
                "  ncclkit run -np 4 --simulate-nodes 4 validate --plugin ./libnccl-net.so"},
        description = {"Validate the nodes of a run, one rank per node, in five steps: inventory (and drift from the "
                + "majority), the NET plugin between pairs of nodes, NCCL send/receive between pairs of nodes (both "
                + "searches: every node in one round of pairs, then only the flagged nodes retested against good ones), "
                + "collectives over all nodes beside the expected bus bandwidth, and the verdict: PASS, SUSPECT or FAIL "
                + "for each node with its evidence and what to do.",
                "Run as one rank per node: mpirun -N 1 ncclkit validate, srun --ntasks-per-node=1 ncclkit validate, "
                        + "or on one host: ncclkit run -np 4 --simulate-nodes 4 validate. Alone it validates this node.",
                "Exit status: 0 when every node passed and no step failed; 7 when a node is SUSPECT or FAIL or a step "
                        + "failed; 4 when an NCCL pair hung past its limit; 6 for bad options; 8 when another rank "
                        + "failed; 1 when the JSON or exclude files cannot be written."})
public final class ValidateCommand implements Callable<Integer>, RankCommand {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Hosts hosts;

    /** The nodes to validate from this leader; without them validate runs as the ranks of a launched run. */
    static final class Hosts {
        @Option(names = "--hostfile", paramLabel = "FILE",
                description = "Validate these hosts from here: Open MPI hostfile ('host slots=8' lines, # comments).")
        Path hostfile;

        @Option(names = "--hosts", paramLabel = "LIST", description = "Validate these hosts from here: h1,h2 or node[01-16].")
        String hostList;
    }
    @Option(names = "--ssh-dir", paramLabel = "DIR",
            description = "With --hostfile/--hosts: the leader's SSH folder with the key and known_hosts (default: ~/.ssh).")
    Path sshDir;
    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "With --hostfile/--hosts: set a variable on every rank (repeatable); FI_* and NCCL_* of this "
                    + "environment are passed on by themselves.")
    List<String> env = new ArrayList<>();
    @Option(names = "--mpirun", paramLabel = "PATH",
            description = "With --hostfile/--hosts: the mpirun to use (default: " + MpirunExecutable.AMAZON_OPENMPI
                    + ", else mpirun on PATH).")
    String mpirun;
    @Option(names = "--emit-report", hidden = true,
            description = "Rank 0 hands its report to the leader of --hostfile/--hosts on standard output instead of writing it.")
    boolean emitReport;
    @Option(names = "--plugin", paramLabel = "PATH",
            description = "The NET plugin for step 2 (default: as NCCL finds it: NCCL_NET_PLUGIN, else libnccl-net.so).")
    String pluginPath;
    @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "10m",
            description = "Time for the whole validation, e.g. 10m, 90s (default ${DEFAULT-VALUE}); it picks sizes and "
                    + "repetitions, and a search stops retesting when it is spent.")
    String budget;
    @Option(names = {"-J", "--json-file"}, paramLabel = "FILE",
            description = "Also write the report (schema " + ValidateReport.SCHEMA + ") to FILE.")
    Path jsonFile;
    @Option(names = "--json", description = "Print the report as JSON on standard output; progress and summary go to "
            + "standard error.")
    boolean jsonOut;
    @Option(names = "--exclude-file", paramLabel = "FILE",
            description = "Write the nodes that did not pass to FILE as a Slurm node list (sbatch --exclude), and the "
                    + "nodes that passed to FILE.hostfile; both written atomically.")
    Path excludeFile;
    @Option(names = "--threshold", paramLabel = "FRACTION", defaultValue = "0.8",
            description = "A pair is slow below this fraction of the baseline bandwidth (default ${DEFAULT-VALUE}).")
    double threshold;
    @Option(names = "--latency-threshold", paramLabel = "FRACTION", defaultValue = "0.5",
            description = "A pair is slow above the baseline latency divided by this (default ${DEFAULT-VALUE}).")
    double latencyThreshold;
    @Option(names = "--max-pairs", paramLabel = "K", defaultValue = "0",
            description = "Pairs tested at once at most; a round of more runs in waves (default 0: all of a round at once).")
    int maxPairs;
    @Option(names = "--topology", paramLabel = "FILE",
            description = "Lines 'NODE GROUP' naming each node's leaf switch or rack: the first round pairs nodes "
                    + "within a group, and suspects are retested with a good node of their own group first.")
    Path topology;
    @Option(names = "--simulate", paramLabel = "N",
            description = "Do not test anything: run the search on a simulated cluster of N nodes and print rounds, "
                    + "pairs, rank 0's load and whether every bad node was found (with --simulate-bad, --seeds).")
    Integer simulateNodes;
    @Option(names = "--simulate-bad", paramLabel = "LIST", split = ",", defaultValue = "0,1,3",
            description = "Bad node counts to simulate (default ${DEFAULT-VALUE}).")
    List<Integer> simulateBad;
    @Option(names = "--seeds", paramLabel = "S", defaultValue = "20", description = "Seeds per simulated case (default ${DEFAULT-VALUE}).")
    int seeds;
    @Mixin
    HistoryOptions history;
    @Mixin
    RendezvousOptions rendezvous;
    @Mixin
    LogCheckOptions logCheckOptions;
    @Spec
    CommandSpec spec;
    /** The hosts of --hostfile/--hosts, in order. */
    private List<HostEntry> leaderEntries = List.of();

    @Override
    public Integer call() {
        // with --json, standard output carries the JSON alone
        PrintWriter out = jsonOut ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (simulateNodes != null) {
            return ValidateSimulation.print(simulateNodes, simulateBad, seeds, out);
        }
        checkBeforeLaunch(1);
        if (!emitReport && RankSession.writesResults()) {
            history.checkWritable();
        }
        Duration total = parseBudget(budget);
        if (hosts != null) {
            return leader(total, out);
        }
        Map<String, String> groups = readTopology(topology);
        String library = CheckPluginCommand.pluginLibrary(pluginPath, System.getenv());
        Budget sizes = Budget.of(total);
        Instant started = Instant.now();
        Deadline deadline = Deadline.after(total);
        return RankSession.execute(rendezvous, (membership, peerFailure) -> {
            try (NcclLogCheck logCheck = NcclLogCheck.start(logCheckOptions)) { // before NCCL reads its variables
                peerFailure.onFailure(logCheck::close);
                Optional<RendezvousClient> client = membership.map(RunMembership::client);
                StepContext ctx = context(client, groups, deadline, out, spec.commandLine().getErr());
                int nodes = ctx.nodes().size();
                ProcessGroup group = client.<ProcessGroup>map(RendezvousProcessGroup::new).orElse(ProcessGroup.alone());
                LogJudge log = run -> logCheck.report(group, spec.commandLine().getErr())
                        .map(v -> new CheckStep("log", v.pass() ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL, v.headline()));
                int indexOnHost = membership.map(RunMembership::indexOnHost).orElse(0);
                PairSearch.Settings judging = new PairSearch.Settings(threshold, latencyThreshold, PairSearch.roundLimit(nodes), 0);
                int waveLimit = maxPairs == 0 ? Integer.MAX_VALUE : maxPairs;
                ctx.progress("step 1/5 inventory of " + nodes + " node" + (nodes == 1 ? "" : "s"));
                InventoryStep.Gpus gpus = InventoryStep.run(ctx);
                PluginStep.run(ctx, library, sizes.plugin(), judging, waveLimit);
                P2pStep.run(ctx, gpus, sizes.p2p(), judging, waveLimit, indexOnHost, peerFailure::onFailure, log);
                CollectivesStep.run(ctx, gpus, sizes.collectives(), ModelExpectation.of(gpus.here(), System.getenv()), threshold, indexOnHost,
                        peerFailure::onFailure, log);
                int status = ctx.root() ? finish(ctx, started, total, membership.isPresent() ? "ranks" : "one node", out,
                        () -> RunSetup.of(List.of(gpus.here()))) : ExitCodes.OK;
                if (emitReport) {
                    return ExitCodes.OK; // the verdict travels in the report; a rank's non-zero exit would only make mpirun abort the rest
                }
                return ctx.agree(status == ExitCodes.OK) ? ExitCodes.OK : status == ExitCodes.OK ? ExitCodes.WRONG_RESULT : status;
            }
        });
    }

    /** The options every rank would refuse, checked on the leader before anything is launched. */
    @Override
    public void checkBeforeLaunch(int worldSize) {
        parseBudget(budget);
        if (!(threshold > 0 && threshold <= 1) || !(latencyThreshold > 0 && latencyThreshold <= 1)) {
            throw new UsageException("--threshold and --latency-threshold must be more than 0 and at most 1");
        }
        if (maxPairs < 0) {
            throw new UsageException("--max-pairs must be 0 (no limit) or more");
        }
    }

    /** Every rank's node (one rank a node), and on rank 0 the groups from --topology. */
    private static StepContext context(Optional<RendezvousClient> client, Map<String, String> groups, Deadline deadline,
                                       PrintWriter out, PrintWriter err) {
        String node = RankMeasurements.node(Hostname.get(), System.getenv("NCCL_HOSTID"));
        StepContext probe = new StepContext(client, List.of(node), List.of(""), deadline, out, err);
        List<String> nodes = probe.allGather(node);
        Map<String, Integer> seen = new HashMap<>();
        for (int rank = 0; rank < nodes.size(); rank++) {
            Integer first = seen.putIfAbsent(nodes.get(rank), rank);
            if (first != null) {
                throw new UsageException("validate runs one rank per node, but ranks " + first + " and " + rank + " are both on "
                        + nodes.get(rank) + ": launch with mpirun -N 1, srun --ntasks-per-node=1, or ncclkit run --simulate-nodes");
            }
        }
        List<String> nodeGroups = nodes.stream().map(n -> groups.getOrDefault(n, groups.getOrDefault(n.split("/")[0], ""))).toList();
        return new StepContext(client, nodes, nodeGroups, deadline, out, err);
    }

    /** Rank 0: the report, handed to the leader or published here; the exit status. */
    private int finish(StepContext ctx, Instant started, Duration total, String mode, PrintWriter out,
                       Supplier<RunSetup> setup) {
        Verdicts verdicts = ctx.verdicts();
        boolean stepsPassed = ctx.steps().stream().noneMatch(s -> s.outcome() == CheckStep.Outcome.FAIL);
        int status = verdicts.allPass() && stepsPassed ? ExitCodes.OK : ExitCodes.WRONG_RESULT;
        List<String> excluded = ctx.nodes().stream().filter(n -> verdicts.verdict(n) != NodeVerdict.PASS).toList();
        List<ValidateReport.Node> nodes = new ArrayList<>();
        for (int rank = 0; rank < ctx.nodes().size(); rank++) {
            String node = ctx.nodes().get(rank);
            nodes.add(new ValidateReport.Node(node, rank, ctx.groups().get(rank), verdicts.verdict(node), verdicts.evidence(node),
                    verdicts.remediation(node), ctx.software(node)));
        }
        ValidateReport report = new ValidateReport(ValidateReport.SCHEMA, Main.version(), started.toString(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0, total.toSeconds(), mode, nodes, ctx.steps(),
                ctx.busbw(), excluded, status);
        if (emitReport) {
            out.println(ValidateLeader.reportLine(report));
            out.flush();
            return status;
        }
        return publishAndRecord(report, out, setup);
    }

    /**
     * Publishes the report and records the run in the history (and --prom), once per run: here on rank 0 or on the
     * leader; {@code setup} names the GPUs and NCCL of its fingerprint. A report that cannot be written is recorded
     * as failed (exit 1). Returns the report's exit status.
     */
    int publishAndRecord(ValidateReport report, PrintWriter out, Supplier<RunSetup> setup) {
        int status;
        try {
            status = publish(report, out);
        } catch (RuntimeException e) {
            record(report, ExitCodes.INTERNAL, setup);
            throw e;
        }
        record(report, status, setup);
        return status;
    }

    /** Prints the summary and writes --json and --exclude-file; returns the report's exit status. */
    int publish(ValidateReport report, PrintWriter out) {
        out.print(ValidateText.render(report));
        out.flush();
        if (jsonOut) {
            spec.commandLine().getOut().println(Json.write(report));
            spec.commandLine().getOut().flush();
        }
        try {
            if (jsonFile != null) {
                PrivateFiles.write(jsonFile.toAbsolutePath(), (Json.write(report) + "\n").getBytes(StandardCharsets.UTF_8),
                        PrivateFiles.PUBLIC_READ);
                out.println("# Writing JSON output to " + jsonFile);
            }
            if (excludeFile != null) {
                List<String> good = report.nodes().stream().filter(n -> n.verdict() == NodeVerdict.PASS).map(ValidateReport.Node::name).toList();
                ExcludeFiles.write(excludeFile, report.excluded(), good, slotsOf(report));
                out.println("# Writing " + report.excluded().size() + " node(s) to exclude to " + excludeFile + " and "
                        + good.size() + " good node(s) to " + ExcludeFiles.hostfileOf(excludeFile));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot write the report: " + e.getMessage(), e);
        }
        out.flush();
        return report.exitStatus();
    }

    private void record(ValidateReport report, int status, Supplier<RunSetup> setup) {
        String document = Json.write(report);
        String verdict = ValidateText.counts(report) + (status == ExitCodes.OK ? "" : " (exit " + status + ")");
        history.record(new HistoryOptions.Report(CommandRows.VALIDATE, status == ExitCodes.OK,
                        report.nodes().stream().map(ValidateReport.Node::name).toList(), document, verdict), spec, setup,
                facts -> CommandRows.collectives(report, facts),
                () -> ValidateMetrics.of(report, Instant.now().getEpochSecond()), spec.commandLine().getErr());
    }

    /** slots= of the good nodes' hostfile: the GPUs a node has, from the hostfile given, else 1 (ranks). */
    private int slotsOf(ValidateReport report) {
        return leaderEntries.stream().map(e -> e.slots().orElse(1)).findFirst().orElse(1);
    }

    /** --hostfile/--hosts: SSH inventory here, then the ranks through mpirun. */
    private int leader(Duration total, PrintWriter out) {
        if (emitReport) {
            throw new UsageException("--emit-report is for the ranks a leader starts, not with --hostfile or --hosts");
        }
        String forSsh;
        try {
            if (hosts.hostfile != null) {
                leaderEntries = HostList.readOpenMpiHostfile(hosts.hostfile);
                forSsh = hosts.hostfile.toString();
            } else {
                leaderEntries = HostList.parse(hosts.hostList);
                forSsh = String.join(",", leaderEntries.stream().map(HostEntry::host).toList());
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
        return new ValidateLeader(this).run(leaderEntries, forSsh, total, out);
    }

    /** The options the ranks of a leader's run take over, as words. */
    List<String> rankArguments() {
        List<String> words = new ArrayList<>(List.of("--budget", budget, "--threshold", Double.toString(threshold),
                "--latency-threshold", Double.toString(latencyThreshold), "--max-pairs", Integer.toString(maxPairs),
                "--expect", logCheckOptions.expect));
        if (pluginPath != null) {
            words.addAll(List.of("--plugin", pluginPath));
        }
        if (topology != null) {
            words.addAll(List.of("--topology", topology.toAbsolutePath().toString()));
        }
        if (logCheckOptions.off) {
            words.add("--no-log-check");
        }
        return words;
    }

    static Duration parseBudget(String text) {
        String t = text.strip().toLowerCase();
        try {
            long value = Long.parseLong(t.replaceAll("[smh]$", ""));
            Duration d = t.endsWith("h") ? Duration.ofHours(value) : t.endsWith("m") ? Duration.ofMinutes(value) : Duration.ofSeconds(value);
            if (d.toSeconds() < 10) {
                throw new UsageException("--budget must be at least 10s, not " + text);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--budget takes a duration like 10m, 90s or 1h, not '" + text + "'");
        }
    }

    /** --topology's 'NODE GROUP' lines (# comments); none: every node in one group. */
    static Map<String, String> readTopology(Path file) {
        Map<String, String> groups = new HashMap<>();
        if (file == null) {
            return groups;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.replaceAll("#.*", "").strip();
                if (l.isEmpty()) {
                    continue;
                }
                String[] words = l.split("\\s+");
                if (words.length != 2) {
                    throw new UsageException("--topology " + file + ": '" + line + "' is not 'NODE GROUP'");
                }
                groups.put(words[0], words[1]);
            }
        } catch (IOException e) {
            throw new UsageException("--topology: cannot read " + file + ": " + e.getMessage());
        }
        return groups;
    }
}
