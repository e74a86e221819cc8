package org.ncclkit.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.ncclkit.cluster.Credentials;
import org.ncclkit.cluster.KnownHostsFile;
import org.ncclkit.cluster.LaunchReadiness;
import org.ncclkit.cluster.RemoteNcclkit;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshDirectory;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.cluster.ThisNode;
import org.ncclkit.info.EfaDevices;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.FreePort;
import org.ncclkit.launch.HostEntry;
import org.ncclkit.launch.HostList;
import org.ncclkit.launch.LaunchEnvironmentException;
import org.ncclkit.launch.MpirunExecutable;
import org.ncclkit.launch.MpirunLine;
import org.ncclkit.launch.MpirunProcess;
import org.ncclkit.launch.NcclkitLauncher;
import org.ncclkit.launch.RendezvousChoice;
import org.ncclkit.launch.RunToken;
import org.ncclkit.launch.ShellWords;
import org.ncclkit.rendezvous.RankFailure;
import org.ncclkit.rendezvous.RendezvousAddress;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit mpirun ... -- SUBCOMMAND}: runs an ncclkit subcommand on every GPU of the hosts through Open MPI's mpirun. */
@Command(name = "mpirun", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit mpirun --hostfile hosts --nodes 2 -N 8 -- perf all_reduce -b 8 -e 1G",
                "  ncclkit mpirun --hostfile hosts -np 16 -x NCCL_DEBUG=INFO -- check",
                "  ncclkit mpirun --hosts 'node[01-02]' -N 8 --print -- perf all_reduce"},
        sortOptions = false,
        description = {"Run an ncclkit subcommand as one rank per GPU on each host, through Open MPI's mpirun, with the "
                + "seed's EFA settings, this node's FI_*/NCCL_* variables, a fresh run token and rank 0's rendezvous "
                + "address.",
                "Exit status: mpirun's (0 when every rank succeeded); 8 when a rank reported that the run failed (a rank "
                        + "died, went silent, or its node was lost: mpirun is then stopped if it does not end by itself "
                        + "within 3 s); 6 for impossible options; 1 when mpirun or the ncclkit bundle cannot be found."})
public final class MpirunCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    HostsOption hosts;

    static final class HostsOption {
        @Option(names = "--hostfile", paramLabel = "FILE",
                description = "Open MPI hostfile ('host slots=8' lines, # comments), passed to mpirun as it is.")
        Path hostfile;

        @Option(names = "--hosts", paramLabel = "LIST",
                description = "Hosts: h1,h2 or a Slurm list like node[01-16], or a file of them; passed as --host h:G,...")
        String hostList;
    }

    @Option(names = "--nodes", paramLabel = "N", description = "Use the first N hosts (default: all).")
    Integer nodes;

    @Option(names = {"--gpus-per-node", "-N"}, paramLabel = "G",
            description = "Ranks per node, one per GPU, as mpirun's -N (default: the first host's slots=).")
    Integer gpusPerNode;

    @Option(names = {"-np", "-n", "--np"}, paramLabel = "RANKS",
            description = "Ranks in all, as mpirun's -np: a multiple of the ranks per node, filling the first "
                    + "RANKS/G hosts (default: G on every host, or on --nodes hosts).")
    Integer ranks;

    @Mixin
    LaunchOptions launch;

    @Option(names = "--mpirun", paramLabel = "PATH",
            description = "The mpirun to use (default: " + MpirunExecutable.AMAZON_OPENMPI + ", else mpirun on PATH).")
    String mpirun;

    @Option(names = "--rendezvous", paramLabel = "HOST:PORT",
            description = "Rank 0's rendezvous store (default: an address the nodes reach: this node's address on the "
                    + "route to the other hosts when the first host is this node, else the first host's address as "
                    + "this node resolves it; and a port free on this node).")
    String rendezvous;

    @Option(names = "--print", description = "Print the mpirun command and exit without running it.")
    boolean print;

    @Option(names = "--no-host-check", description = "Start mpirun without first logging in to every host to check its "
            + "host key and its ncclkit (skipped anyway inside a Slurm allocation, where mpirun starts its daemons with srun).")
    boolean noHostCheck;

    @Option(names = "--host-check-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Time limit of that check per host, login and ncclkit --version included (default: ${DEFAULT-VALUE}).")
    double hostCheckTimeout;

    @Spec
    CommandSpec spec;

    // This node's facts, replaceable by tests.
    Map<String, String> environment = System.getenv();
    BooleanSupplier efaPresent = () -> !EfaDevices.scan(EfaDevices.SYSFS).isEmpty();
    Supplier<String> hostname = Hostname::get;
    IntSupplier freePort = FreePort::find;
    Supplier<String> token = RunToken::random;
    boolean runAsRoot = "root".equals(System.getProperty("user.name"));
    Predicate<Path> executable = file -> Files.isRegularFile(file) && Files.isExecutable(file);
    Predicate<String> folderExists = folder -> Files.isDirectory(Path.of(folder));
    Supplier<RendezvousChoice.Network> network = () -> RendezvousChoice.system(hostname.get());

    /** The rendezvous address and why it is that one, once {@link #line()} has chosen it. */
    private RendezvousAddress rendezvousAddress;
    private String rendezvousReason;

    Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");
    Function<String, SshTarget> sshTarget = host -> new SshTarget(host, System.getProperty("user.name"), host, SshTarget.SSH_PORT);

    /** The hosts the line starts ranks on, as {@link #line()} found them. */
    private List<HostEntry> usedHosts = List.of();

    /** The command line this invocation stands for. */
    MpirunLine line() {
        MpirunLine.Hosts hostSource = hostSource();
        List<HostEntry> entries = hostSource.entries();
        int gpus = gpusPerNode != null ? gpusPerNode : entries.getFirst().slots().orElseThrow(() -> new UsageException(
                "the first host, " + entries.getFirst().host() + ", has no slots=N; pass --gpus-per-node G"));
        int nodeCount = nodeCount(entries.size(), gpus);
        List<String> subcommand = launch.subcommand(LaunchOptions.ranks(nodeCount, gpus));
        usedHosts = entries.subList(0, Math.min(nodeCount, entries.size()));
        String mpirunPath;
        try {
            mpirunPath = MpirunExecutable.find(Optional.ofNullable(mpirun), environment.get("PATH"), executable);
        } catch (LaunchEnvironmentException e) {
            if (mpirun != null) {
                throw new UsageException(e.getMessage()); // the path given is wrong, not this node
            }
            throw e;
        }
        String program = NcclkitLauncher.path(environment);
        if (rendezvous != null) {
            try {
                rendezvousAddress = RendezvousAddress.parse(rendezvous);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--rendezvous: " + e.getMessage());
            }
            rendezvousReason = "--rendezvous";
        } else {
            RendezvousChoice.Choice choice = RendezvousChoice.choose(entries.subList(0, Math.min(nodeCount, entries.size())),
                    freePort.getAsInt(), network.get());
            rendezvousAddress = choice.address();
            rendezvousReason = choice.why() + "; --rendezvous ADDRESS:PORT to choose another";
        }
        MpirunLine.Request request = new MpirunLine.Request(mpirunPath, runAsRoot, hostSource, nodeCount, gpus,
                launch.efa(efaPresent), launch.envSettings(environment), rendezvousAddress, token.get(), program, subcommand);
        try {
            return MpirunLine.build(request, environment, folderExists);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The hosts to use: from -np (whole nodes of G ranks), else --nodes, else every host. */
    private int nodeCount(int hosts, int gpus) {
        if (ranks == null) {
            return nodes != null ? nodes : hosts;
        }
        if (ranks < 1 || gpus < 1 || ranks % gpus != 0) {
            throw new UsageException("-np " + ranks + " is not a whole number of nodes of " + gpus
                    + " ranks (--gpus-per-node, or the first host's slots=)");
        }
        if (ranks / gpus > hosts) {
            throw new UsageException("-np " + ranks + " needs " + ranks / gpus + " nodes of " + gpus + " ranks, but "
                    + hosts + (hosts == 1 ? " host is" : " hosts are") + " given");
        }
        if (nodes != null && nodes != ranks / gpus) {
            throw new UsageException("-np " + ranks + " is " + ranks / gpus + " nodes of " + gpus + " ranks, not --nodes " + nodes);
        }
        return ranks / gpus;
    }

    private MpirunLine.Hosts hostSource() {
        try {
            if (hosts.hostfile != null) {
                return new MpirunLine.Hostfile(hosts.hostfile.toString(), HostList.readOpenMpiHostfile(hosts.hostfile));
            }
            return new MpirunLine.HostArguments(HostList.parse(hosts.hostList));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public Integer call() {
        Duration hostCheckLimit = SshOptions.seconds(hostCheckTimeout, "--host-check-timeout", false);
        MpirunLine line = line();
        PrintWriter out = spec.commandLine().getOut();
        if (print) {
            out.println(line.toShell());
            out.flush();
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        checkHosts(NcclkitLauncher.path(environment), hostCheckLimit, err);
        err.println("ncclkit mpirun: rendezvous " + rendezvousAddress + " (" + rendezvousReason + ")");
        err.println("ncclkit mpirun: " + ShellWords.join(line.words()));
        err.flush();
        return run(line.words(), err);
    }

    /**
     * Logs in to every host but this one as mpirun's ssh will, before mpirun does: a changed host key, a host that
     * cannot be reached, or no ncclkit (or another version) at the same path is named here, host by host, and
     * mpirun is not started.
     */
    private void checkHosts(String program, Duration limit, PrintWriter err) {
        if (noHostCheck) {
            return;
        }
        if (environment.containsKey("SLURM_JOB_ID")) {
            err.println("ncclkit mpirun: host check skipped: inside Slurm allocation " + environment.get("SLURM_JOB_ID")
                    + ", mpirun starts its daemons with srun, not ssh");
            return;
        }
        ThisNode thisNode = new ThisNode(hostname, ThisNode::interfaceAddresses);
        List<SshTarget> targets = usedHosts.stream().map(HostEntry::host).filter(host -> !thisNode.isHost(host))
                .map(sshTarget).toList();
        if (targets.isEmpty()) {
            return;
        }
        SshDirectory directory = new SshDirectory(sshDir);
        SshClient client = new SshClient(KnownHostsFile.load(directory.knownHosts(), KnownHostsFile.Policy.ACCEPT_NEW),
                Duration.ofSeconds(10));
        String versionLine = RemoteNcclkit.versionLine(Main.version());
        List<LaunchReadiness.HostCheck> checks = new LaunchReadiness(client,
                Credentials.of(List.of(), directory, environment, Optional.empty()), 32, limit)
                .check(targets, program, versionLine, check -> {
                    synchronized (err) {
                        err.println("ncclkit mpirun: " + check.target().label() + ": " + check.problem());
                        err.flush();
                    }
                });
        List<String> notReady = checks.stream().filter(check -> !check.ready()).map(check -> check.target().label()).toList();
        if (!notReady.isEmpty()) {
            throw new LaunchEnvironmentException(notReady.size() + " of " + checks.size() + " hosts cannot start ranks ("
                    + String.join(", ", notReady.stream().limit(8).toList()) + (notReady.size() > 8 ? ", ..." : "")
                    + "); mpirun was not started");
        }
        err.println("ncclkit mpirun: " + checks.size() + (checks.size() == 1 ? " host" : " hosts") + " ready: host keys as "
                + directory.knownHosts() + " records them, " + versionLine + " at " + program);
        err.flush();
    }

    /**
     * Runs mpirun with this terminal and returns its exit status, or {@link ExitCodes#PEER_FAILED} whenever a rank
     * reported that the run failed (a rank died, went silent or its node was lost): the same status however mpirun
     * itself ended, or had to be stopped. That failure ends with one line naming the rank and its host.
     */
    static int run(List<String> command, PrintWriter err) {
        MpirunProcess.Outcome outcome = MpirunProcess.run(command, err);
        if (outcome.failure().isEmpty()) {
            return outcome.status();
        }
        RankFailure failure = outcome.failure().get();
        String what = failure.rank() < 0 ? failure.reason()
                : "rank " + failure.rank() + " on host " + (failure.host().isEmpty() ? "unknown" : failure.host()) + " "
                        + failure.reason();
        err.println("ncclkit mpirun: error: the run failed: " + what + (outcome.stopped()
                ? "; mpirun did not end by itself within " + MpirunProcess.GRACE.toSeconds() + " s (Open MPI waits for the"
                        + " daemon of a lost node), so it was stopped with everything it started here" : "")
                + " (exit " + ExitCodes.PEER_FAILED + ")");
        err.flush();
        return ExitCodes.PEER_FAILED;
    }
}
