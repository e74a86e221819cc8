package org.ncclkit.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which rank this process is, as the launcher that started it says in the environment.
 *
 * <p>{@link #discover} reads the first of these sources that is present:
 * <ol>
 * <li><b>Open MPI</b> ({@code mpirun} 4 and 5): {@code OMPI_COMM_WORLD_RANK}, {@code OMPI_COMM_WORLD_SIZE},
 *     {@code OMPI_COMM_WORLD_LOCAL_RANK}, {@code OMPI_COMM_WORLD_LOCAL_SIZE}; job id {@code OMPI_MCA_ess_base_jobid}
 *     (4.x) or {@code PMIX_NAMESPACE} (5.x). Open MPI's {@code mpirun} also runs a PMIx server, so
 *     {@code PMIX_RANK} is set too and must agree.</li>
 * <li><b>PMIx</b>: {@code PMIX_RANK}, which every PMIx server puts in the environment of the processes it starts
 *     ({@code PMIx_server_setup_fork}: Open MPI's {@code mpirun}, {@code srun --mpi=pmix}, {@code prterun}). PMIx
 *     keeps the job size in its server, not in the environment, so the size comes from the launcher that ran the
 *     server: Open MPI above, or a Slurm step ({@code srun --mpi=pmix}), whose {@code SLURM_PROCID} must then agree;
 *     the result is reported as {@value #SLURM_PMIX}. {@code PMIX_RANK} with neither is an error.</li>
 * <li><b>MPICH/Hydra</b> ({@code mpiexec}, Intel MPI): {@code PMI_RANK}, {@code PMI_SIZE}, {@code MPI_LOCALRANKID},
 *     {@code MPI_LOCALNRANKS} (Cray PALS: {@code PMI_LOCAL_RANK}, {@code PMI_LOCAL_SIZE}); job id {@code PMI_JOBID}.
 *     {@code srun --mpi=pmi2} also sets {@code PMI_RANK} and {@code PMI_SIZE} but no local rank: inside a Slurm
 *     step those are checked against Slurm's and the result is reported as {@value #SLURM_PMI}.</li>
 * <li><b>Slurm</b>, a task of an {@code srun} step (recognised by {@code SLURM_STEP_ID}): {@code SLURM_PROCID},
 *     {@code SLURM_STEP_NUM_TASKS} (else {@code SLURM_NTASKS}), {@code SLURM_LOCALID}, the local size from
 *     {@code SLURM_STEP_TASKS_PER_NODE} (e.g. {@code 8(x2)}, indexed by {@code SLURM_NODEID}) else
 *     {@code SLURM_NTASKS_PER_NODE}; job id {@code SLURM_JOB_ID.SLURM_STEP_ID}.</li>
 * <li><b>torchrun</b>: {@code RANK}, {@code WORLD_SIZE}, {@code LOCAL_RANK}, {@code LOCAL_WORLD_SIZE}; job id
 *     {@code TORCHELASTIC_RUN_ID} unless it is torchrun's default {@code none}.</li>
 * </ol>
 *
 * <p>Slurm's variables often describe other processes than these ranks, and are then ignored: a batch script or an
 * {@code salloc} shell has {@code SLURM_PROCID=0} and the job's {@code SLURM_NTASKS} but no step (so a plain command
 * there is a single-process run), and under {@code mpirun} or {@code mpiexec} inside an allocation they describe the
 * batch step or the step that started the MPI daemons, one task per node. An MPI launcher's variables therefore win
 * and Slurm's are not consulted. Inside a Slurm step, torchrun-style {@code RANK}/{@code WORLD_SIZE} that are set
 * must agree with Slurm's.
 *
 * <p>A partial set (a rank without a size), a value that is not a number, a rank not below its size, or two sources
 * that describe the same processes and disagree is a {@link LaunchEnvironmentException} naming the variables.
 *
 * @param launcher  which launcher's variables were used: one of the constants of this class
 * @param localSize ranks on this node, -1 when the launcher does not say
 * @param jobId     an identifier of this launch shared by all its ranks, null when the launcher gives none
 */
public record RankEnv(String launcher, int rank, int worldSize, int localRank, int localSize, String jobId) {
    public static final String OPEN_MPI = "Open MPI";
    public static final String MPICH = "MPICH/Hydra";
    public static final String SLURM = "Slurm";
    public static final String SLURM_PMIX = "Slurm (PMIx)";
    public static final String SLURM_PMI = "Slurm (PMI)";
    public static final String TORCHRUN = "torchrun";

    private static final List<String> OPEN_MPI_VARIABLES = List.of("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE",
            "OMPI_COMM_WORLD_LOCAL_RANK", "OMPI_COMM_WORLD_LOCAL_SIZE");
    private static final List<String> PMI_VARIABLES = List.of("PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID",
            "MPI_LOCALNRANKS", "PMI_LOCAL_RANK", "PMI_LOCAL_SIZE");
    private static final List<String> TORCHRUN_VARIABLES = List.of("RANK", "WORLD_SIZE", "LOCAL_RANK", "LOCAL_WORLD_SIZE");
    private static final List<String> SLURM_STEP_VARIABLES = List.of("SLURM_STEP_ID", "SLURM_LOCALID");
    /** Every variable this class reads: a launcher that starts ranks of its own (ncclkit run) passes none of them on. */
    public static final List<String> VARIABLES = List.of("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE",
            "OMPI_COMM_WORLD_LOCAL_RANK", "OMPI_COMM_WORLD_LOCAL_SIZE", "PMIX_RANK", "PMIX_NAMESPACE", "PMI_RANK",
            "PMI_SIZE", "MPI_LOCALRANKID", "MPI_LOCALNRANKS", "PMI_LOCAL_RANK", "PMI_LOCAL_SIZE", "PMI_JOBID",
            "SLURM_PROCID", "SLURM_NTASKS", "SLURM_LOCALID", "SLURM_NODEID", "SLURM_NTASKS_PER_NODE", "SLURM_STEP_ID",
            "SLURM_STEP_NUM_TASKS", "SLURM_STEP_TASKS_PER_NODE", "SLURM_JOB_ID", "SLURM_JOBID", "RANK", "WORLD_SIZE",
            "LOCAL_RANK", "LOCAL_WORLD_SIZE", "TORCHELASTIC_RUN_ID");
    private static final Pattern TASK_COUNT = Pattern.compile("(\\d+)(?:\\(x(\\d+)\\))?");

    public RankEnv {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " of " + worldSize + " is not a rank of that world");
        }
        if (localSize != -1 && (localSize < 1 || localSize > worldSize)) {
            throw new IllegalArgumentException("local size " + localSize + " does not fit a world of " + worldSize);
        }
        if (localRank < 0 || localRank >= (localSize == -1 ? worldSize : localSize)) {
            throw new IllegalArgumentException("local rank " + localRank + " is not below local size " + localSize);
        }
    }

    /** Whether srun started this process, so that Slurm's node list says where rank 0 is. */
    public boolean startedBySrun() {
        return Set.of(SLURM, SLURM_PMIX, SLURM_PMI).contains(launcher);
    }

    /** Whether every rank runs on this node. */
    public boolean singleNode() {
        return localSize == worldSize;
    }

    /** The rank described by the environment, or empty when no launcher variables are set (a plain single-process run). */
    public static Optional<RankEnv> discover(Map<String, String> env) {
        Variables vars = new Variables(env);
        if (vars.anySet(OPEN_MPI_VARIABLES)) {
            return Optional.of(openMpi(vars));
        }
        boolean slurmStep = vars.isSet("SLURM_STEP_ID");
        if (vars.isSet("PMIX_RANK")) {
            return Optional.of(pmix(vars, slurmStep));
        }
        if (vars.anySet(PMI_VARIABLES)) {
            return Optional.of(pmi(vars, slurmStep));
        }
        if (slurmStep) {
            return Optional.of(slurm(vars, SLURM));
        }
        if (vars.anySet(TORCHRUN_VARIABLES)) {
            return Optional.of(torchrun(vars));
        }
        return Optional.empty();
    }

    private static RankEnv openMpi(Variables vars) {
        Counted rank = vars.rankOf("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", OPEN_MPI_VARIABLES);
        Counted local = vars.localRankOf("OMPI_COMM_WORLD_LOCAL_RANK", "OMPI_COMM_WORLD_LOCAL_SIZE", rank);
        if (vars.isSet("PMIX_RANK")) {
            vars.agree("PMIX_RANK", "OMPI_COMM_WORLD_RANK");
        }
        String jobId = vars.firstSet("OMPI_MCA_ess_base_jobid", "PMIX_NAMESPACE");
        return new RankEnv(OPEN_MPI, rank.value(), rank.count(), local.value(), local.count(), jobId);
    }

    private static RankEnv pmix(Variables vars, boolean slurmStep) {
        vars.number("PMIX_RANK");
        if (!slurmStep) {
            throw new LaunchEnvironmentException("PMIX_RANK=" + vars.get("PMIX_RANK") + " is set but nothing gives the "
                    + "number of ranks (no OMPI_COMM_WORLD_SIZE, no Slurm step): PMIx keeps it in its server, not in "
                    + "the environment; launch with Open MPI's mpirun or srun, or use ncclkit mpirun");
        }
        RankEnv slurm = slurm(vars, SLURM_PMIX);
        vars.agree("PMIX_RANK", "SLURM_PROCID");
        return slurm;
    }

    private static RankEnv pmi(Variables vars, boolean slurmStep) {
        boolean hasLocalRank = vars.isSet("MPI_LOCALRANKID") || vars.isSet("PMI_LOCAL_RANK");
        if (!hasLocalRank && slurmStep) {
            RankEnv slurm = slurm(vars, SLURM_PMI); // srun --mpi=pmi2 sets PMI_RANK and PMI_SIZE but no local rank
            vars.agreeIfSet("PMI_RANK", "SLURM_PROCID");
            vars.agreeIfSet("PMI_SIZE", vars.slurmSizeName());
            return slurm;
        }
        Counted rank = vars.rankOf("PMI_RANK", "PMI_SIZE", PMI_VARIABLES);
        if (!hasLocalRank) {
            throw new LaunchEnvironmentException("PMI_RANK=" + vars.get("PMI_RANK") + " and PMI_SIZE=" + vars.get("PMI_SIZE")
                    + " are set but no local rank (MPI_LOCALRANKID or PMI_LOCAL_RANK): cannot tell which GPU is this rank's");
        }
        Counted local = vars.isSet("MPI_LOCALRANKID")
                ? vars.localRankOf("MPI_LOCALRANKID", "MPI_LOCALNRANKS", rank)
                : vars.localRankOf("PMI_LOCAL_RANK", "PMI_LOCAL_SIZE", rank);
        return new RankEnv(MPICH, rank.value(), rank.count(), local.value(), local.count(), vars.get("PMI_JOBID"));
    }

    private static RankEnv slurm(Variables vars, String launcher) {
        Counted rank = vars.rankOf("SLURM_PROCID", vars.slurmSizeName(), SLURM_STEP_VARIABLES);
        Counted local = vars.localRankOf("SLURM_LOCALID", null, rank);
        int localSize = slurmLocalSize(vars, rank.count());
        if (localSize != -1 && local.value() >= localSize) {
            throw new LaunchEnvironmentException("SLURM_LOCALID=" + local.value() + " is not below this node's task count "
                    + localSize + " (" + slurmLocalSizeSource(vars) + ")");
        }
        vars.agreeIfSet("RANK", "SLURM_PROCID");
        vars.agreeIfSet("WORLD_SIZE", vars.slurmSizeName());
        String job = vars.firstSet("SLURM_JOB_ID", "SLURM_JOBID");
        String jobId = job == null ? null : job + "." + vars.get("SLURM_STEP_ID");
        return new RankEnv(launcher, rank.value(), rank.count(), local.value(), localSize, jobId);
    }

    private static int slurmLocalSize(Variables vars, int worldSize) {
        String perNode = vars.get("SLURM_STEP_TASKS_PER_NODE");
        if (perNode != null) {
            List<Integer> counts = tasksPerNode("SLURM_STEP_TASKS_PER_NODE", perNode);
            int localSize;
            if (vars.isSet("SLURM_NODEID")) {
                int node = vars.number("SLURM_NODEID");
                if (node >= counts.size()) {
                    throw new LaunchEnvironmentException("SLURM_NODEID=" + node + " is beyond the " + counts.size()
                            + " nodes of SLURM_STEP_TASKS_PER_NODE=" + perNode);
                }
                localSize = counts.get(node);
            } else if (counts.stream().distinct().count() == 1) {
                localSize = counts.getFirst();
            } else {
                return -1;
            }
            return checkedLocalSize(localSize, worldSize, "SLURM_STEP_TASKS_PER_NODE=" + perNode);
        }
        if (vars.isSet("SLURM_NTASKS_PER_NODE")) {
            return checkedLocalSize(vars.number("SLURM_NTASKS_PER_NODE"), worldSize,
                    "SLURM_NTASKS_PER_NODE=" + vars.get("SLURM_NTASKS_PER_NODE"));
        }
        return -1;
    }

    private static String slurmLocalSizeSource(Variables vars) {
        return vars.isSet("SLURM_STEP_TASKS_PER_NODE")
                ? "SLURM_STEP_TASKS_PER_NODE=" + vars.get("SLURM_STEP_TASKS_PER_NODE")
                : "SLURM_NTASKS_PER_NODE=" + vars.get("SLURM_NTASKS_PER_NODE");
    }

    private static int checkedLocalSize(int localSize, int worldSize, String source) {
        if (localSize < 1 || localSize > worldSize) {
            throw new LaunchEnvironmentException(source + " gives " + localSize + " tasks on this node, which does not fit "
                    + worldSize + " tasks in all");
        }
        return localSize;
    }

    /** Slurm's compressed task counts, one per node: {@code 2(x3),1} is 2, 2, 2, 1. */
    static List<Integer> tasksPerNode(String name, String value) {
        List<Integer> counts = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            Matcher m = TASK_COUNT.matcher(part.strip());
            if (!m.matches()) {
                throw new LaunchEnvironmentException(name + "=" + value + " is not a list like 8(x2),4");
            }
            int count = Integer.parseInt(m.group(1));
            int repeat = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            for (int i = 0; i < repeat; i++) {
                counts.add(count);
            }
        }
        return counts;
    }

    private static RankEnv torchrun(Variables vars) {
        Counted rank = vars.rankOf("RANK", "WORLD_SIZE", TORCHRUN_VARIABLES);
        Counted local = vars.localRankOf("LOCAL_RANK", "LOCAL_WORLD_SIZE", rank);
        String runId = vars.get("TORCHELASTIC_RUN_ID");
        String jobId = runId == null || runId.isBlank() || runId.equals("none") ? null : runId;
        return new RankEnv(TORCHRUN, rank.value(), rank.count(), local.value(), local.count(), jobId);
    }

    /** A rank or local rank and the count it must be below (-1: unknown count). */
    private record Counted(int value, int count) {
    }

    /** The environment, read with messages that name the variables. */
    private record Variables(Map<String, String> env) {
        String get(String name) {
            String value = env.get(name);
            return value == null ? null : value.strip();
        }

        boolean isSet(String name) {
            return env.containsKey(name);
        }

        boolean anySet(List<String> names) {
            return names.stream().anyMatch(this::isSet);
        }

        String firstSet(String... names) {
            return Stream.of(names).map(this::get).filter(v -> v != null && !v.isEmpty()).findFirst().orElse(null);
        }

        String slurmSizeName() {
            return isSet("SLURM_STEP_NUM_TASKS") || !isSet("SLURM_NTASKS") ? "SLURM_STEP_NUM_TASKS" : "SLURM_NTASKS";
        }

        int number(String name) {
            String value = get(name);
            if (value == null) {
                throw new LaunchEnvironmentException(name + " is not set");
            }
            try {
                int number = Integer.parseInt(value);
                if (number >= 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new LaunchEnvironmentException(name + "='" + env.get(name) + "' is not a whole number of 0 or more");
        }

        /** A rank and its world size, both required; family: the launcher's variables, to name the ones that are set. */
        Counted rankOf(String rankName, String sizeName, List<String> family) {
            requireBoth(rankName, sizeName, family);
            int rank = number(rankName);
            int size = number(sizeName);
            if (size < 1) {
                throw new LaunchEnvironmentException(sizeName + "=" + size + " is not a number of ranks");
            }
            if (rank >= size) {
                throw new LaunchEnvironmentException(rankName + "=" + rank + " is not below " + sizeName + "=" + size);
            }
            return new Counted(rank, size);
        }

        /** A local rank (required) and the number of ranks on this node (optional when sizeName is null or unset). */
        Counted localRankOf(String rankName, String sizeName, Counted world) {
            if (!isSet(rankName)) {
                throw new LaunchEnvironmentException(partial(world, rankName));
            }
            int localRank = number(rankName);
            if (sizeName == null || !isSet(sizeName)) {
                if (localRank >= world.count()) {
                    throw new LaunchEnvironmentException(rankName + "=" + localRank + " is not below the world size "
                            + world.count());
                }
                return new Counted(localRank, -1);
            }
            int localSize = number(sizeName);
            if (localSize < 1 || localSize > world.count()) {
                throw new LaunchEnvironmentException(sizeName + "=" + localSize + " does not fit a world of " + world.count()
                        + " ranks");
            }
            if (localRank >= localSize) {
                throw new LaunchEnvironmentException(rankName + "=" + localRank + " is not below " + sizeName + "=" + localSize);
            }
            return new Counted(localRank, localSize);
        }

        private String partial(Counted world, String missing) {
            return missing + " is not set although this process is rank " + world.value() + " of " + world.count()
                    + ": cannot tell which GPU is this rank's";
        }

        private void requireBoth(String rankName, String sizeName, List<String> family) {
            if (isSet(rankName) && !isSet(sizeName)) {
                throw new LaunchEnvironmentException(rankName + "=" + get(rankName) + " is set but " + sizeName
                        + " is not: cannot tell how many ranks there are");
            }
            if (!isSet(rankName)) {
                String present = Stream.concat(Stream.of(sizeName), family.stream()).filter(this::isSet).findFirst()
                        .map(name -> name + "=" + get(name) + " is set but ").orElse("");
                throw new LaunchEnvironmentException(present + rankName + " is not set: cannot tell which rank this is");
            }
        }

        /** Two variables that describe the same process must hold the same number. */
        void agree(String a, String b) {
            int first = number(a);
            int second = number(b);
            if (first != second) {
                throw new LaunchEnvironmentException(a + "=" + first + " disagrees with " + b + "=" + second
                        + ": two launchers describe this process differently");
            }
        }

        void agreeIfSet(String a, String b) {
            if (isSet(a)) {
                agree(a, b);
            }
        }
    }
}
