package org.ncclkit.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ncclkit.cluster.PrivateFiles;

/**
 * An sbatch script that runs one ncclkit rank per GPU with {@code srun}, shaped like awsome-distributed-training's
 * {@code nccl-tests.sbatch}: whole nodes, every node up before the step starts, the seed's variables exported (srun
 * passes the script's environment to every task), a fresh token per job and the rendezvous on the job's first node.
 */
public final class SbatchScript {
    /**
     * What the job runs.
     *
     * @param partition        {@code --partition}, when given
     * @param time             {@code --time}, when given
     * @param extraEnvironment the {@code --env} settings, exported in order
     * @param program          the ncclkit launcher on the nodes
     * @param arguments        the ncclkit subcommand and its arguments
     */
    public record Request(int nodes, int gpusPerNode, Optional<String> partition, Optional<String> time, String jobName,
                          boolean efa, List<EnvSetting> extraEnvironment, String program, List<String> arguments) {
        public Request {
            if (nodes < 1 || gpusPerNode < 1) {
                throw new IllegalArgumentException("--nodes and --gpus-per-node must be at least 1");
            }
            checkDirective("--partition", partition.orElse("x"));
            checkDirective("--time", time.orElse("x"));
            checkDirective("--job-name", jobName);
            extraEnvironment = List.copyOf(extraEnvironment);
            arguments = List.copyOf(arguments);
        }

        /** An #SBATCH line is read by sbatch, not by a shell: a value cannot be quoted, so it must be one plain word. */
        private static void checkDirective(String option, String value) {
            if (value.isEmpty() || !value.matches("[A-Za-z0-9_.:,+@%=/-]+")) {
                throw new IllegalArgumentException(option + " '" + value + "' must be one word without spaces or quotes");
            }
        }
    }

    private SbatchScript() {
    }

    /** The script's text. */
    public static String render(Request request) {
        StringBuilder script = new StringBuilder();
        script.append("#!/bin/bash\n");
        script.append("# ncclkit: ").append(request.nodes()).append(request.nodes() == 1 ? " node" : " nodes")
                .append(" x ").append(request.gpusPerNode()).append(" GPUs, one rank per GPU; submit this file with sbatch.\n");
        script.append("#SBATCH --job-name=").append(request.jobName()).append('\n');
        script.append("#SBATCH --nodes=").append(request.nodes()).append('\n');
        script.append("#SBATCH --ntasks-per-node=").append(request.gpusPerNode()).append('\n');
        script.append("#SBATCH --gpus-per-node=").append(request.gpusPerNode()).append('\n');
        script.append("#SBATCH --exclusive\n");
        script.append("#SBATCH --wait-all-nodes=1\n");
        request.partition().ifPresent(p -> script.append("#SBATCH --partition=").append(p).append('\n'));
        request.time().ifPresent(t -> script.append("#SBATCH --time=").append(t).append('\n'));
        script.append("set -eu\n\n");
        if (request.efa()) {
            script.append("export FI_PROVIDER=efa\n");
        }
        script.append("export NCCL_DEBUG=INFO\n");
        for (EnvSetting setting : request.extraEnvironment()) {
            script.append("export ").append(setting.name()).append('=').append(ShellWords.quote(setting.value())).append('\n');
        }
        script.append("# A fresh secret per job: every rank presents it to rank 0's rendezvous store.\n");
        script.append("export NCCLKIT_RUN_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')\n");
        script.append("# Rank 0 runs on the job's first node; its store's port comes from the job id, below the ephemeral ports.\n");
        script.append("export NCCLKIT_RENDEZVOUS=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n1):$((")
                .append(RendezvousSettings.DERIVED_PORT_BASE).append(" + SLURM_JOB_ID % ")
                .append(RendezvousSettings.DERIVED_PORT_SPAN).append("))\n\n");
        script.append(ShellWords.join(Stream.concat(Stream.of("srun", "--mpi=pmix", "--cpu-bind=none", request.program()),
                request.arguments().stream()).toList())).append('\n');
        return script.toString();
    }

    /** Writes the script so that the file is either absent or complete, executable by all. */
    public static void write(Path file, String script) throws IOException {
        PrivateFiles.write(file.toAbsolutePath(), script.getBytes(StandardCharsets.UTF_8), PrivateFiles.EXECUTABLE);
    }
}
