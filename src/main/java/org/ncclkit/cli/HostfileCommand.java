package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.ncclkit.cluster.FanOut;
import org.ncclkit.cluster.GpuQuery;
import org.ncclkit.cluster.HostfileFormat;
import org.ncclkit.cluster.LocalShell;
import org.ncclkit.cluster.PrivateFiles;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshFailure;
import org.ncclkit.cluster.SshSession;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.cluster.TextTable;
import org.ncclkit.cluster.ThisNode;
import org.ncclkit.files.WritableOutput;
import org.ncclkit.info.Hostname;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit hostfile --hosts ...}: the hosts file with each node's GPU count as its slots, the leader first. */
@Command(name = "hostfile", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit hostfile --hosts 'node[01-16]'",
                "  ncclkit hostfile --hosts hosts --format mpich -o -"},
        sortOptions = false,
        description = {"Write the hosts file of the cluster: ask every node over SSH how many GPUs it has (nvidia-smi -L, "
                + "or ncclkit info --json where ncclkit is installed) and write one line per node with slots=<GPUs>, "
                + "this node (the leader) first, by its host name.",
                "A --hosts entry that names this node (its host name or one of its addresses, on port 22) is the leader "
                        + "line; the leader's GPUs are counted here. --slots N writes N for every node instead (no GPU, or no "
                        + "driver yet).",
                "Nodes whose GPU count differs from the rest are flagged. The file is written whole or not at all: a "
                        + "node that cannot be asked is an error naming it, and no file is written.",
                "Exit status: 0 when the file was written; 1 when a node could not be asked or the file not written; "
                        + "6 for bad options."})
public final class HostfileCommand implements Callable<Integer> {
    @Mixin
    SshOptions ssh;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write it; - for standard output (default: ${DEFAULT-VALUE}, as the seed's ~/hosts).")
    String output = "hosts";

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "openmpi (host slots=N, default), mpich (host:N), slurm (a node list like node[01-16]) or "
                    + "deepspeed (host slots=N).")
    String format = "openmpi";

    @Option(names = "--leader-name", paramLabel = "NAME",
            description = "Write this name or address for the leader instead of its host name (Slurm's list uses the "
                    + "short host name unless this is given).")
    String leaderName;

    @Option(names = "--no-leader", description = "The leader is not a compute node: leave it out of the file.")
    boolean noLeader;

    @Option(names = "--slots", paramLabel = "N",
            description = "Write N slots for every node without asking for its GPUs: for nodes without a GPU (CPU-only "
                    + "ranks) or before the driver is installed. Each node is still logged in to, so a node that cannot be "
                    + "reached is named.")
    Integer slots;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit per node (default: 60).")
    double timeout = 60;

    @Spec
    CommandSpec spec;

    // This node's facts, replaceable by tests.
    Map<String, String> environment = System.getenv();
    Supplier<String> hostname = Hostname::get;
    Supplier<Set<String>> localAddresses = ThisNode::interfaceAddresses;

    /** One line of the report and, when it worked, of the file. */
    private record NodeRow(String label, String fileName, GpuQuery.GpuCount count, String error) {
    }

    private GpuQuery.GpuCount givenSlots() {
        return new GpuQuery.GpuCount(slots, "--slots");
    }

    @Override
    public Integer call() throws IOException {
        HostfileFormat fileFormat = parseFormat(format);
        List<SshTarget> targets = ssh.targets();
        Duration perHost = SshOptions.seconds(timeout, "--timeout", false);
        ssh.password(environment);
        boolean toStdout = output.equals("-");
        PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();

        if (slots != null && (slots < 1 || slots > 100_000)) {
            throw new UsageException("--slots needs a whole number from 1 to 100000, not " + slots);
        }
        if (!toStdout) {
            String unwritable = WritableOutput.problem(Path.of(output));
            if (unwritable != null) {
                throw new UsageException("-o " + output + ": " + unwritable); // before asking any node
            }
        }

        List<SshTarget> members = noLeader ? targets : targets.stream().filter(target -> !isThisNode(target)).toList();
        List<NodeRow> rows = new ArrayList<>();
        if (!noLeader) {
            // the host name, not localhost: exec, monitor and mpirun on a member then name the leader as it is known
            String name = leaderName != null ? leaderName
                    : fileFormat == HostfileFormat.SLURM ? hostname.get().split("\\.")[0] : hostname.get();
            String label = name + " (this node)";
            try {
                rows.add(new NodeRow(label, name, slots != null ? givenSlots()
                        : GpuQuery.parse(LocalShell.capture(GpuQuery.SCRIPT, environment, perHost)), null));
            } catch (SshFailure failure) {
                rows.add(new NodeRow(label, name, null, failure.getMessage()
                        + " (--no-leader if this node is not a compute node, --slots N if it has no GPU or driver yet)"));
            }
        }
        SshClient client = ssh.client();
        var credentials = ssh.credentials(List.of(), environment);
        for (FanOut.Outcome<GpuQuery.GpuCount> outcome : FanOut.run(members, ssh.parallel, perHost, (target, deadline) -> {
            try (SshSession session = client.connect(target, credentials, deadline)) {
                if (slots != null) {
                    return givenSlots(); // logged in: the node is there; its GPUs are not asked for
                }
                return GpuQuery.parse(session.capture(GpuQuery.COMMAND, GpuQuery.SCRIPT));
            }
        })) {
            rows.add(new NodeRow(outcome.target().label(), outcome.target().host(), outcome.value(),
                    outcome.ok() ? null : outcome.failure().getMessage()
                            + (outcome.failure().kind() == SshFailure.Kind.REMOTE ? " (--slots N if it has no GPU or driver yet)" : "")));
        }

        Integer usual = usualCount(rows);
        TextTable table = new TextTable("HOST", "GPUS", "FROM", "NOTE");
        List<String> differing = new ArrayList<>();
        for (NodeRow row : rows) {
            if (row.error() != null) {
                table.add(row.label(), "-", "-", row.error());
                continue;
            }
            String note = "";
            if (usual != null && row.count().gpus() != usual) {
                note = "DIFFERS: the others have " + usual;
                differing.add(row.label() + " has " + row.count().gpus());
            }
            table.add(row.label(), Integer.toString(row.count().gpus()), row.count().source(), note);
        }
        report.print(table.render());
        report.println();

        List<NodeRow> failed = rows.stream().filter(row -> row.error() != null).toList();
        if (!failed.isEmpty()) {
            report.println("hosts file not written: " + failed.size() + " of " + rows.size() + " nodes could not be asked: "
                    + failed.stream().map(row -> row.label() + " (" + row.error() + ")").collect(Collectors.joining(", ")));
            report.flush();
            return SshOptions.SOME_HOST_FAILED;
        }
        if (rows.isEmpty()) {
            throw new UsageException("no node to write: --hosts names only this node and --no-leader leaves it out");
        }
        if (!differing.isEmpty()) {
            spec.commandLine().getErr().println("ncclkit hostfile: warning: GPU counts differ: " + String.join(", ", differing)
                    + " (the others " + usual + "); a run with the same number of ranks on every node (mpirun -N) will not fit them all");
            spec.commandLine().getErr().flush();
        }
        List<HostfileFormat.Node> nodes = rows.stream().map(row -> new HostfileFormat.Node(row.fileName(), row.count().gpus())).toList();
        String text = fileFormat.render(nodes);
        int slots = nodes.stream().mapToInt(HostfileFormat.Node::slots).sum();
        if (toStdout) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            PrivateFiles.write(Path.of(output), text.getBytes(StandardCharsets.UTF_8), PrivateFiles.PUBLIC_READ);
            report.println("wrote " + output + " (" + fileFormat.displayName() + "): " + nodes.size()
                    + (nodes.size() == 1 ? " node, " : " nodes, ") + slots + " slots");
        }
        report.flush();
        return ExitCodes.OK;
    }

    private static HostfileFormat parseFormat(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "openmpi", "open-mpi", "ompi" -> HostfileFormat.OPENMPI;
            case "mpich", "hydra" -> HostfileFormat.MPICH;
            case "slurm" -> HostfileFormat.SLURM;
            case "deepspeed" -> HostfileFormat.DEEPSPEED;
            default -> throw new UsageException("--format " + name + ": use openmpi, mpich, slurm or deepspeed");
        };
    }

    /** The GPU count most nodes have (ties: the first node's), or null when no node was counted. */
    private static Integer usualCount(List<NodeRow> rows) {
        Map<Integer, Long> byCount = rows.stream().filter(row -> row.error() == null)
                .collect(Collectors.groupingBy(row -> row.count().gpus(), LinkedHashMap::new, Collectors.counting()));
        if (byCount.isEmpty()) {
            return null;
        }
        long most = Collections.max(byCount.values());
        return byCount.entrySet().stream().filter(entry -> entry.getValue() == most).findFirst().map(Map.Entry::getKey).orElse(null);
    }

    /** Whether a --hosts entry is this node: its host name (full or short), localhost, or one of its addresses, on port 22. */
    boolean isThisNode(SshTarget target) {
        return new ThisNode(hostname, localAddresses).is(target);
    }
}
