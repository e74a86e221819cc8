package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.ncclkit.cluster.ThisNode;
import org.ncclkit.info.EfaDevices;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.FreePort;
import org.ncclkit.launch.HostEntry;
import org.ncclkit.launch.HostList;
import org.ncclkit.launch.LaunchEnvironmentException;
import org.ncclkit.launch.MpirunExecutable;
import org.ncclkit.launch.MpirunLine;
import org.ncclkit.launch.NcclkitLauncher;
import org.ncclkit.launch.RunToken;
import org.ncclkit.launch.ShellWords;
import org.ncclkit.rendezvous.RendezvousAddress;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit mpirun ... -- SUBCOMMAND}: runs an ncclkit subcommand on every GPU of the hosts through Open MPI's mpirun. */
@Command(name = "mpirun", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an ncclkit subcommand as one rank per GPU on each host, through Open MPI's mpirun, with the "
                + "seed's EFA settings, this node's FI_*/NCCL_* variables, a fresh run token and rank 0's rendezvous "
                + "address.",
                "Example: ncclkit mpirun --hostfile hosts --nodes 2 --gpus-per-node 8 -- perf all_reduce -b 8 -e 1G -f 2 -g 1 -c 1 -n 100",
                "Exit status: mpirun's (0 when every rank succeeded); 6 for impossible options; 1 when mpirun or the "
                        + "ncclkit bundle cannot be found."})
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

    @Option(names = "--gpus-per-node", paramLabel = "G",
            description = "Ranks per node, one per GPU (default: the first host's slots=).")
    Integer gpusPerNode;

    @Mixin
    LaunchOptions launch;

    @Option(names = "--mpirun", paramLabel = "PATH",
            description = "The mpirun to use (default: " + MpirunExecutable.AMAZON_OPENMPI + ", else mpirun on PATH).")
    String mpirun;

    @Option(names = "--rendezvous", paramLabel = "HOST:PORT",
            description = "Rank 0's rendezvous store (default: the first host and a port free on this node).")
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
    Path sshDir = Path.of(System.getProperty("user.home"), ".ssh");

    /** The hosts the line starts ranks on, as {@link #line()} found them. */
    private List<HostEntry> usedHosts = List.of();

    /** The command line this invocation stands for. */
    MpirunLine line() {
        MpirunLine.Hosts hostSource = hostSource();
        List<HostEntry> entries = hostSource.entries();
        int nodeCount = nodes != null ? nodes : entries.size();
        int gpus = gpusPerNode != null ? gpusPerNode : entries.getFirst().slots().orElseThrow(() -> new UsageException(
                "the first host, " + entries.getFirst().host() + ", has no slots=N; pass --gpus-per-node G"));
        if (nodeCount < 1 || gpus < 1) {
            throw new UsageException("--nodes and --gpus-per-node must be at least 1");
        }
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
        RendezvousAddress address;
        try {
            address = rendezvous != null ? RendezvousAddress.parse(rendezvous)
                    : MpirunLine.defaultRendezvous(entries, hostname.get(), freePort.getAsInt());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rendezvous: " + e.getMessage());
        }
        MpirunLine.Request request = new MpirunLine.Request(mpirunPath, runAsRoot, hostSource, nodeCount, gpus,
                launch.efa(efaPresent), launch.envSettings(), address, token.get(), program, subcommand);
        try {
            return MpirunLine.build(request, environment, folderExists);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
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
        if (!noHostCheck) {
            new MpirunHostCheck(environment, sshDir, new ThisNode(hostname, ThisNode::interfaceAddresses))
                    .check(usedHosts, NcclkitLauncher.path(environment), hostCheckLimit, err);
        }
        err.println("ncclkit mpirun: " + ShellWords.join(line.words()));
        err.flush();
        return run(line.words());
    }

    /** Runs mpirun with this terminal, returns its exit status, and stops it if ncclkit is stopped (Ctrl-C, kill). */
    static int run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            throw new LaunchEnvironmentException("cannot start " + command.getFirst() + ": " + e.getMessage());
        }
        Thread stopper = new Thread(() -> stop(process), "stop-mpirun");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            return ExitCodes.INTERNAL;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops mpirun
            }
        }
    }

    /** SIGTERM first: mpirun then takes its ranks down on every node; SIGKILL if it has not gone after 10 s. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
