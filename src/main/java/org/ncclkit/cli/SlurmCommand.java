package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import org.ncclkit.files.WritableOutput;
import org.ncclkit.info.EfaDevices;
import org.ncclkit.launch.NcclkitLauncher;
import org.ncclkit.launch.SbatchScript;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit slurm ... -- SUBCOMMAND}: writes an sbatch script that runs an ncclkit subcommand on every GPU with srun. */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit slurm --nodes 2 -o ar.sbatch -- perf all_reduce -b 8 -e 1G -f 2",
                "  ncclkit slurm --nodes 4 --partition p5 --time 00:30:00 -- check | sbatch"},
        sortOptions = false,
        description = {"Write an sbatch script that runs an ncclkit subcommand as one rank per GPU with srun on whole "
                + "nodes, with the seed's EFA settings, a fresh token per job and rank 0's rendezvous on the first node.",
                "The script names this bundle's bin/ncclkit, which must be at the same path on the nodes. "
                        + "Exit status: 0; 6 for impossible options; 1 when the bundle's path is unknown or the file cannot be written."})
public final class SlurmCommand implements Callable<Integer> {
    @Option(names = "--nodes", paramLabel = "N", defaultValue = "2", description = "Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--gpus-per-node", paramLabel = "G", defaultValue = "8",
            description = "Ranks per node, one per GPU (default: ${DEFAULT-VALUE}).")
    int gpusPerNode;

    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (default: the cluster's).")
    String partition;

    @Option(names = "--time", paramLabel = "T", description = "Time limit, e.g. 00:30:00 (default: the partition's).")
    String time;

    @Option(names = "--job-name", paramLabel = "J", defaultValue = "ncclkit", description = "Job name (default: ${DEFAULT-VALUE}).")
    String jobName;

    @Mixin
    LaunchOptions launch;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the script to FILE (default: print it).")
    Path output;

    @Spec
    CommandSpec spec;

    // This node's facts, replaceable by tests.
    Map<String, String> environment = System.getenv();
    BooleanSupplier efaPresent = () -> !EfaDevices.scan(EfaDevices.SYSFS).isEmpty();

    /** The script this invocation stands for. */
    String script() {
        launch.subcommand(LaunchOptions.ranks(Math.max(1, nodes), Math.max(1, gpusPerNode))); // first: a typo there is the likelier mistake
        SbatchScript.Request request;
        try {
            request = new SbatchScript.Request(nodes, gpusPerNode, Optional.ofNullable(partition), Optional.ofNullable(time),
                    jobName, launch.efa(efaPresent), launch.envSettings(environment), NcclkitLauncher.path(environment),
                    launch.command);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return SbatchScript.render(request);
    }

    @Override
    public Integer call() {
        String unwritable = output == null ? null : WritableOutput.problem(output);
        if (unwritable != null) {
            throw new UsageException("-o " + output + ": " + unwritable);
        }
        String script = script();
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            out.print(script);
            out.flush();
            return ExitCodes.OK;
        }
        try {
            SbatchScript.write(output, script);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output + ": " + e.getMessage(), e);
        }
        out.println("Wrote " + output + " (" + nodes + (nodes == 1 ? " node" : " nodes") + " x " + gpusPerNode
                + " GPUs). Submit it with: sbatch " + output);
        out.flush();
        return ExitCodes.OK;
    }
}
