package org.ncclkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.launch.LocalLauncher;
import org.ncclkit.launch.NcclkitExecutable;
import org.ncclkit.launch.NodeCapacity;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ncclkit run [-np N] [--simulate-nodes K] COMMAND ...}: one process per rank on this host, no MPI needed. */
@Command(name = "run", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit run perf all_reduce -b 8 -e 1G -f 2",
                "  ncclkit run -np 2 --simulate-nodes 2 check p2p",
                "  ncclkit run -np 3 selftest --kill-rank 1"},
        sortOptions = false,
        description = {"Run an ncclkit command as several ranks on this host, one process each, without MPI "
                + "(like torchrun --standalone): e.g. ncclkit run perf all_reduce -b 8 -e 1G -f 2.",
                "Rank 0's output is shown; the other ranks' errors and warnings come prefixed with their rank. "
                        + "Ctrl-C stops every rank."})
public final class RunCommand implements Callable<Integer> {
    @Option(names = "-np", paramLabel = "N", description = "Number of ranks (default: one per GPU of this host).")
    Integer processes;
    @Option(names = "--simulate-nodes", paramLabel = "K", defaultValue = "0",
            description = "Split the ranks into K groups, each with its own NCCL_HOSTID: NCCL treats them as K nodes and "
                    + "uses its network transport on this one host (several ranks may then share a GPU); default ${DEFAULT-VALUE}: "
                    + "each host is itself.")
    int simulatedNodes;
    @Option(names = "--all-output", description = "Show every rank's standard output, prefixed with its rank.")
    boolean allOutput;
    @Parameters(index = "0", paramLabel = "COMMAND", description = "The ncclkit command each rank runs (perf, selftest, ...).")
    String subcommand;
    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> arguments = new ArrayList<>();

    @Spec
    CommandSpec spec;

    // This node's facts, replaceable by tests.
    Supplier<NodeCapacity> capacity = NodeCapacity::ofThisNode;

    @Override
    public Integer call() {
        int ranks = processes != null ? processes : gpusOfThisHost();
        if (ranks < 1) {
            throw new UsageException("-np must be at least 1");
        }
        if (simulatedNodes < 0 || (simulatedNodes > 0 && ranks % simulatedNodes != 0)) {
            throw new UsageException("--simulate-nodes " + simulatedNodes + " must divide the number of ranks (" + ranks + ")");
        }
        List<String> rankCommand = new ArrayList<>();
        rankCommand.add(subcommand);
        rankCommand.addAll(arguments);
        RankCommandCheck.check(rankCommand, ranks);
        String tooMany = capacity.get().refusal(ranks);
        if (tooMany != null) {
            throw new UsageException("-np " + ranks + ": " + tooMany);
        }
        List<String> command = new ArrayList<>(NcclkitExecutable.command(System.getenv()));
        command.addAll(rankCommand);
        return new LocalLauncher(ranks, simulatedNodes, allOutput, command)
                .run(System.getenv(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private static int gpusOfThisHost() {
        Libraries.require(LibrarySpec.CUDA);
        CudaDriver.init();
        int gpus = CudaDriver.deviceCount();
        if (gpus == 0) {
            throw new UsageException("this host has no GPU to give each rank; say how many ranks with -np N");
        }
        return gpus;
    }
}
