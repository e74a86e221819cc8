package org.ncclkit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.ncclkit.check.CheckStep;
import org.ncclkit.cluster.KnownHostsFile;
import org.ncclkit.cluster.ParallelExec;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.info.EfaDevices;
import org.ncclkit.info.Hostname;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.info.RunSetup;
import org.ncclkit.launch.EnvSetting;
import org.ncclkit.launch.FreePort;
import org.ncclkit.launch.HostEntry;
import org.ncclkit.launch.MpirunExecutable;
import org.ncclkit.launch.MpirunLine;
import org.ncclkit.launch.MpirunProcess;
import org.ncclkit.launch.NcclkitLauncher;
import org.ncclkit.launch.RendezvousChoice;
import org.ncclkit.launch.RunToken;
import org.ncclkit.launch.ShellWords;
import org.ncclkit.report.Json;
import org.ncclkit.validate.LeaderMerge;
import org.ncclkit.validate.ValidateReport;

/**
 * {@code ncclkit validate --hostfile FILE | --hosts LIST} on the leader: every host's {@code ncclkit info --json} over
 * SSH (a host that does not answer is a FAIL node), then {@code validate} as one rank per reachable host through
 * mpirun (its progress passed through as it comes), then rank 0's report under the hostfile's names with the lost
 * hosts added, printed and written here.
 */
final class ValidateLeader {
    /** The line on which rank 0 hands its report to the leader: the marker, a space, the JSON in base64. */
    static final String REPORT_MARKER = "#ncclkit-validate-report";
    private static final Duration INFO_LIMIT = Duration.ofSeconds(60);

    private final ValidateCommand command;
    private final Map<String, String> environment = System.getenv();

    ValidateLeader(ValidateCommand command) {
        this.command = command;
    }

    /** The whole run from the leader; returns the exit status. */
    int run(List<HostEntry> entries, String hostsForSsh, Duration budget, PrintWriter out) {
        Instant started = Instant.now();
        String program = NcclkitLauncher.path(environment);
        SshOptions ssh = new SshOptions();
        ssh.hosts = hostsForSsh;
        ssh.sshDir = command.sshDir;
        List<EnvSetting> settings = LaunchOptions.envSettings(command.env, environment);
        List<SshTarget> targets = ssh.targets();
        out.println("# validate: step 1/5 inventory of " + targets.size() + " hosts over SSH");
        out.flush();
        Map<String, StringBuilder> stdout = new ConcurrentHashMap<>();
        SshClient client = new SshClient(KnownHostsFile.load(ssh.sshDirectory().knownHosts(), KnownHostsFile.Policy.ACCEPT_NEW),
                ssh.connectTimeout());
        List<ParallelExec.HostResult> results = ParallelExec.run(client, ssh.credentials(List.of(), environment), targets,
                ShellWords.join(List.of(program, "info", "--json")), ssh.parallel, INFO_LIMIT, new ParallelExec.LineSink() {
                    @Override
                    public void out(SshTarget target, String line) {
                        stdout.computeIfAbsent(target.label(), t -> new StringBuilder()).append(line).append('\n');
                    }

                    @Override
                    public void err(SshTarget target, String line) {
                        // info's own warnings; a host that fails is named with its exit below
                    }

                    @Override
                    public void done(ParallelExec.HostResult result) {
                        // every host's result is judged once all are in
                    }
                });
        List<HostEntry> reachable = new ArrayList<>();
        List<NodeInfo> inventories = new ArrayList<>();
        List<LeaderMerge.Lost> lost = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ParallelExec.HostResult r = results.get(i);
            String text = stdout.getOrDefault(r.target().label(), new StringBuilder()).toString();
            Optional<NodeInfo> inventory = inventory(r, text);
            if (inventory.isEmpty()) {
                lost.add(new LeaderMerge.Lost(entries.get(i).host(), r.failure() != null ? "unreachable over SSH: " + r.describe()
                        : program + " info --json did not print an inventory (" + r.describe() + ")"));
            } else {
                reachable.add(entries.get(i));
                inventories.add(inventory.get());
            }
        }
        ValidateReport.Step reach = new ValidateReport.Step("reach", lost.isEmpty() ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL,
                reachable.size() + " of " + entries.size() + " hosts answered ncclkit info over SSH"
                        + (lost.isEmpty() ? "" : "; lost: " + String.join(", ", lost.stream().map(LeaderMerge.Lost::host).toList())),
                List.of());
        out.println("# validate: reach: " + reach.outcome() + ": " + reach.detail());
        out.flush();
        ValidateReport merged;
        if (reachable.isEmpty()) {
            merged = LeaderMerge.nobody(Main.version(), started.toString(), Duration.between(started, Instant.now()).toMillis() / 1000.0,
                    budget.toSeconds(), lost, reach);
        } else {
            Optional<ValidateReport> ranks = launch(reachable, program, settings, out);
            if (ranks.isEmpty()) {
                return ExitCodes.PEER_FAILED;
            }
            Map<String, String> names = new LinkedHashMap<>();
            for (ValidateReport.Node n : ranks.get().nodes()) {
                names.put(n.name(), reachable.get(n.rank()).host());
            }
            merged = LeaderMerge.merge(ranks.get(), names, lost, reach);
        }
        return command.publishAndRecord(merged, out, () -> RunSetup.of(inventories));
    }

    /** The host's inventory; empty when SSH failed or ncclkit info did not print one (exit 5, no GPU, is fine). */
    private static Optional<NodeInfo> inventory(ParallelExec.HostResult r, String stdout) {
        if (r.failure() != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(stdout, NodeInfo.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** mpirun with one rank per reachable host; rank 0's report, or empty when the ranks ended without one. */
    private Optional<ValidateReport> launch(List<HostEntry> hosts, String program, List<EnvSetting> settings, PrintWriter out) {
        List<String> arguments = new ArrayList<>(List.of("validate", "--emit-report"));
        arguments.addAll(command.rankArguments());
        boolean root = "root".equals(System.getProperty("user.name"));
        RendezvousChoice.Choice rendezvous = RendezvousChoice.choose(hosts, FreePort.find(), RendezvousChoice.system(Hostname.get()));
        MpirunLine line;
        try {
            var request = new MpirunLine.Request(MpirunExecutable.find(Optional.ofNullable(command.mpirun), environment.get("PATH"),
                    Files::isExecutable),
                    root, new MpirunLine.HostArguments(hosts), hosts.size(), 1, !EfaDevices.scan(EfaDevices.SYSFS).isEmpty(),
                    settings, rendezvous.address(), RunToken.random(),
                    program, arguments);
            line = MpirunLine.build(request, environment, folder -> Files.isDirectory(Path.of(folder)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter err = command.spec.commandLine().getErr();
        err.println("ncclkit validate: rendezvous " + rendezvous.address() + " (" + rendezvous.why() + ")");
        err.println("ncclkit validate: " + ShellWords.join(line.words()));
        err.flush();
        AtomicReference<String> report = new AtomicReference<>();
        MpirunProcess.Outcome outcome = MpirunProcess.run(line.words(), err, text -> {
            if (text.startsWith(REPORT_MARKER + " ")) {
                report.set(text.substring(REPORT_MARKER.length() + 1));
            } else {
                synchronized (out) {
                    out.println(text);
                    out.flush();
                }
            }
        });
        if (report.get() == null) {
            err.println("ncclkit: error: the ranks ended (mpirun exit " + outcome.status() + ") before rank 0 reported"
                    + outcome.failure().map(f -> ": " + f.describe()).orElse("; see their errors above"));
            err.flush();
            return Optional.empty();
        }
        return Optional.of(ValidateReport.read(new String(Base64.getDecoder().decode(report.get()), StandardCharsets.UTF_8)));
    }

    /** The line rank 0 prints for the leader. */
    static String reportLine(ValidateReport report) {
        return REPORT_MARKER + " " + Base64.getEncoder().encodeToString(Json.write(report).getBytes(StandardCharsets.UTF_8));
    }
}
