package org.ncclkit.cli;

import java.io.PrintWriter;
import java.util.List;

import org.ncclkit.bench.GpuCountException;
import org.ncclkit.check.CheckTimeoutException;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.NativeException;
import org.ncclkit.gpu.NoGpuException;
import org.ncclkit.history.HistoryException;
import org.ncclkit.launch.LocalLauncher;
import org.ncclkit.rendezvous.RendezvousException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code ncclkit} command: dispatches to one class per subcommand and maps failures to one line and an exit code. */
@Command(name = "ncclkit", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit info",
                "  ncclkit perf all_reduce -b 8 -e 1G -f 2 -g 8",
                "  ncclkit mpirun --hostfile hosts -np 16 -- perf all_reduce -b 8 -e 1G -f 2"},
        versionProvider = Main.Version.class,
        description = "Bring up a GPU cluster and prove that NCCL over the network works and performs.")
public final class Main implements Runnable {
    /** The subcommands, in the order {@code ncclkit --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(InfoCommand.class, PerfCommand.class, RunCommand.class,
            MpirunCommand.class, SlurmCommand.class, SelftestCommand.class, LogsCommand.class, SshSetupCommand.class,
            HostfileCommand.class, ExecCommand.class, CheckCommand.class, MonitorCommand.class, DeployCommand.class,
            ExpectedCommand.class, ValidateCommand.class, ReportCommand.class, HistoryCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        LocalLauncher.endWithLauncher(System.getenv()); // a rank of ncclkit run ends with it
        int status = execute(args);
        AotTraining.loadClassesIfTraining(System.getenv());
        System.exit(status);
    }

    /** Runs a command line and returns its exit status; used by {@link #main} and by tests. */
    public static int execute(String... args) {
        return commandLineFor(args).execute(args);
    }

    /** Every subcommand: for {@code ncclkit --help}, a mistyped command, and tests. */
    static CommandLine newCommandLine() {
        return configure(SUBCOMMANDS);
    }

    /**
     * Only the subcommand that {@code args} names, when it names one: picocli builds each command's model by reflection
     * when it is registered, and building all of them was most of ncclkit's own start-up time.
     */
    static CommandLine commandLineFor(String... args) {
        return args.length == 0 ? newCommandLine() : SUBCOMMANDS.stream().filter(c -> nameOf(c).equals(args[0])).findFirst()
                .map(c -> configure(List.of(c))).orElseGet(Main::newCommandLine);
    }

    /** The names of every subcommand ({@code ncclkit run COMMAND} checks its COMMAND against them). */
    static List<String> commandNames() {
        return SUBCOMMANDS.stream().map(Main::nameOf).toList();
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static CommandLine configure(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new Main());
        subcommands.forEach(commandLine::addSubcommand);
        commandLine.setOverwrittenOptionsAllowed(true); // like getopt in nccl-tests: a repeated option's last value wins
        if (commandLine.getSubcommands().containsKey("run")) {
            commandLine.getSubcommands().get("run").setStopAtPositional(true); // what follows the command is its own
        }
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("ncclkit: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (PeerFailureExit.inProgress()) {
                return PeerFailureExit.exitStatus(); // the failure is reported already; this error is only its consequence
            }
            cl.getErr().println("ncclkit: error: " + e.getMessage());
            return exitCodeFor(e);
        });
        return commandLine;
    }

    /** Expected failures get their documented exit code; anything else is an internal error. */
    static int exitCodeFor(Exception e) {
        return switch (e) {
            case RankFailedException rank -> exitCodeFor((Exception) rank.getCause());
            case LibraryNotFoundException missing -> switch (missing.spec().displayName()) {
                case "CUDA driver" -> ExitCodes.NO_GPU;
                case "NCCL" -> ExitCodes.NCCL_ERROR;
                default -> ExitCodes.INTERNAL;
            };
            // NCCL and its NET plugins are NCCL errors; the CUDA driver's are CUDA errors
            case NativeException nativeError -> nativeError.library().startsWith("NCCL") || nativeError.library().startsWith("NET plugin")
                    ? ExitCodes.NCCL_ERROR : ExitCodes.CUDA_ERROR;
            case UsageException usage -> ExitCodes.USAGE;
            case GpuCountException gpus -> ExitCodes.NO_GPU;
            case NoGpuException noGpu -> ExitCodes.NO_GPU;
            case CheckTimeoutException timeout -> ExitCodes.TIMEOUT;
            case RendezvousException rendezvous -> ExitCodes.PEER_FAILED;
            case HistoryException history -> ExitCodes.INTERNAL;
            default -> ExitCodes.INTERNAL;
        };
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** This build's version, from the jar manifest ("dev" when run from classes). */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ncclkit " + version()};
        }
    }
}
