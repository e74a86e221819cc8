package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rank discovery from the variables each launcher really sets (Open MPI 4.1.4's were captured with mpirun -n 2 env). */
class RankEnvTest {

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    private static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> env = new HashMap<>(base);
        env.putAll(env(keyValues));
        return env;
    }

    private static RankEnv discover(Map<String, String> env) {
        return RankEnv.discover(env).orElseThrow();
    }

    /** Rank 1 of `mpirun -n 2` (Open MPI 4.1.4, PMIx 4.2.2) on one node, as printed by env. */
    static final Map<String, String> OPEN_MPI_4 = env(
            "OMPI_COMM_WORLD_LOCAL_RANK", "1", "OMPI_COMM_WORLD_LOCAL_SIZE", "2", "OMPI_COMM_WORLD_NODE_RANK", "1",
            "OMPI_COMM_WORLD_RANK", "1", "OMPI_COMM_WORLD_SIZE", "2", "OMPI_MCA_ess_base_jobid", "2039021569",
            "OMPI_MCA_ess_base_vpid", "1", "OMPI_UNIVERSE_SIZE", "2", "PMIX_ID", "2039021569.1",
            "PMIX_NAMESPACE", "2039021569", "PMIX_RANK", "1", "PMIX_VERSION", "4.2.2rc2");

    /** Rank 9 of `srun --mpi=pmix -N 2 --ntasks-per-node 8`, on the second node. */
    static final Map<String, String> SRUN_PMIX = env(
            "SLURM_JOB_ID", "4242", "SLURM_JOBID", "4242", "SLURM_STEP_ID", "0", "SLURM_STEPID", "0",
            "SLURM_PROCID", "9", "SLURM_LOCALID", "1", "SLURM_NODEID", "1", "SLURM_NTASKS", "16",
            "SLURM_STEP_NUM_TASKS", "16", "SLURM_STEP_TASKS_PER_NODE", "8(x2)", "SLURM_STEP_NODELIST", "gpu-[001-002]",
            "SLURM_JOB_NODELIST", "gpu-[001-002]", "PMIX_NAMESPACE", "slurm.pmix.4242.0", "PMIX_RANK", "9");

    @Test
    void noLauncherVariablesIsASingleProcessRun() {
        assertThat(RankEnv.discover(Map.of())).isEmpty();
        assertThat(RankEnv.discover(env("HOME", "/root", "NCCL_DEBUG", "INFO", "MASTER_ADDR", "node1"))).isEmpty();
    }

    @Nested
    class OpenMpi {
        @Test
        void readsRankSizeLocalRankAndJobIdOfOpenMpi4() {
            assertThat(discover(OPEN_MPI_4)).isEqualTo(new RankEnv(RankEnv.OPEN_MPI, 1, 2, 1, 2, "2039021569"));
        }

        @Test
        void openMpi5WithoutTheEssJobIdUsesThePmixNamespace() {
            Map<String, String> env = with(OPEN_MPI_4, "PMIX_NAMESPACE", "prterun-node1-81234@1");
            env.remove("OMPI_MCA_ess_base_jobid");

            assertThat(discover(env).jobId()).isEqualTo("prterun-node1-81234@1");
        }

        @Test
        void insideAnSbatchAllocationSlurmVariablesOfTheDaemonStepAreIgnored() {
            // mpirun started its daemons with srun, one task per node: that step's SLURM_* reach the ranks too.
            Map<String, String> env = with(OPEN_MPI_4, "SLURM_JOB_ID", "77", "SLURM_STEP_ID", "0", "SLURM_PROCID", "0",
                    "SLURM_LOCALID", "0", "SLURM_STEP_NUM_TASKS", "1", "SLURM_NTASKS", "16");

            assertThat(discover(env)).isEqualTo(new RankEnv(RankEnv.OPEN_MPI, 1, 2, 1, 2, "2039021569"));
        }

        @Test
        void rankWithoutSizeIsAnErrorNamingBoth() {
            assertThatThrownBy(() -> RankEnv.discover(env("OMPI_COMM_WORLD_RANK", "3")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("OMPI_COMM_WORLD_RANK=3 is set but OMPI_COMM_WORLD_SIZE is not: cannot tell how many ranks there are");
        }

        @Test
        void sizeWithoutRankIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(env("OMPI_COMM_WORLD_SIZE", "4")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("OMPI_COMM_WORLD_SIZE=4 is set but OMPI_COMM_WORLD_RANK is not set: cannot tell which rank this is");
        }

        @Test
        void nonNumberIsAnErrorQuotingTheValue() {
            assertThatThrownBy(() -> RankEnv.discover(with(OPEN_MPI_4, "OMPI_COMM_WORLD_SIZE", "sixteen")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("OMPI_COMM_WORLD_SIZE='sixteen' is not a whole number of 0 or more");
        }

        @Test
        void negativeRankIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(OPEN_MPI_4, "OMPI_COMM_WORLD_RANK", "-1")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessageContaining("OMPI_COMM_WORLD_RANK='-1'");
        }

        @Test
        void rankNotBelowSizeIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(OPEN_MPI_4, "OMPI_COMM_WORLD_RANK", "2", "PMIX_RANK", "2")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("OMPI_COMM_WORLD_RANK=2 is not below OMPI_COMM_WORLD_SIZE=2");
        }

        @Test
        void missingLocalRankIsAnError() {
            Map<String, String> env = new HashMap<>(OPEN_MPI_4);
            env.remove("OMPI_COMM_WORLD_LOCAL_RANK");

            assertThatThrownBy(() -> RankEnv.discover(env)).isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("OMPI_COMM_WORLD_LOCAL_RANK is not set although this process is rank 1 of 2: "
                            + "cannot tell which GPU is this rank's");
        }

        @Test
        void localRankNotBelowLocalSizeIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(OPEN_MPI_4, "OMPI_COMM_WORLD_LOCAL_SIZE", "1")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("OMPI_COMM_WORLD_LOCAL_RANK=1 is not below OMPI_COMM_WORLD_LOCAL_SIZE=1");
        }

        @Test
        void pmixRankThatDisagreesIsAnErrorNamingBoth() {
            assertThatThrownBy(() -> RankEnv.discover(with(OPEN_MPI_4, "PMIX_RANK", "0")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("PMIX_RANK=0 disagrees with OMPI_COMM_WORLD_RANK=1: two launchers describe this process differently");
        }
    }

    @Nested
    class Pmix {
        @Test
        void underSrunTakesSizeLocalRankAndJobFromTheSlurmStep() {
            assertThat(discover(SRUN_PMIX)).isEqualTo(new RankEnv(RankEnv.SLURM_PMIX, 9, 16, 1, 8, "4242.0"));
            assertThat(discover(SRUN_PMIX).startedBySrun()).isTrue();
        }

        @Test
        void rankThatDisagreesWithSlurmIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(SRUN_PMIX, "PMIX_RANK", "8")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("PMIX_RANK=8 disagrees with SLURM_PROCID=9: two launchers describe this process differently");
        }

        @Test
        void pmixRankAloneIsAnErrorSayingThatNothingGivesTheSize() {
            assertThatThrownBy(() -> RankEnv.discover(env("PMIX_RANK", "1", "PMIX_NAMESPACE", "prterun-x@1")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessageStartingWith("PMIX_RANK=1 is set but nothing gives the number of ranks");
        }

        @Test
        void nonNumericPmixRankIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(SRUN_PMIX, "PMIX_RANK", "nine")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("PMIX_RANK='nine' is not a whole number of 0 or more");
        }
    }

    @Nested
    class MpichHydra {
        private final Map<String, String> hydra = env("PMI_RANK", "5", "PMI_SIZE", "8", "PMI_FD", "6",
                "MPI_LOCALRANKID", "1", "MPI_LOCALNRANKS", "4");

        @Test
        void readsPmiRankAndHydrasLocalRank() {
            assertThat(discover(hydra)).isEqualTo(new RankEnv(RankEnv.MPICH, 5, 8, 1, 4, null));
        }

        @Test
        void insideASlurmAllocationHydrasVariablesWinOverItsProxyStep() {
            Map<String, String> env = with(hydra, "SLURM_JOB_ID", "77", "SLURM_STEP_ID", "0", "SLURM_PROCID", "1",
                    "SLURM_LOCALID", "0", "SLURM_STEP_NUM_TASKS", "2", "PMI_JOBID", "77.0");

            assertThat(discover(env)).isEqualTo(new RankEnv(RankEnv.MPICH, 5, 8, 1, 4, "77.0"));
        }

        @Test
        void crayPalsLocalRankVariablesAreRead() {
            assertThat(discover(env("PMI_RANK", "2", "PMI_SIZE", "4", "PMI_LOCAL_RANK", "0", "PMI_LOCAL_SIZE", "2")))
                    .isEqualTo(new RankEnv(RankEnv.MPICH, 2, 4, 0, 2, null));
        }

        @Test
        void rankWithoutSizeIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(env("PMI_RANK", "5", "MPI_LOCALRANKID", "1")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("PMI_RANK=5 is set but PMI_SIZE is not: cannot tell how many ranks there are");
        }

        @Test
        void withoutALocalRankAndOutsideSlurmIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(env("PMI_RANK", "5", "PMI_SIZE", "8")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("PMI_RANK=5 and PMI_SIZE=8 are set but no local rank (MPI_LOCALRANKID or PMI_LOCAL_RANK): "
                            + "cannot tell which GPU is this rank's");
        }

        @Test
        void srunPmi2IsReadAsSlurmCheckedAgainstPmi() {
            Map<String, String> env = with(SRUN_PMIX, "PMI_RANK", "9", "PMI_SIZE", "16", "PMI_FD", "7", "PMI_JOBID", "4242.0");
            env.remove("PMIX_RANK");

            assertThat(discover(env)).isEqualTo(new RankEnv(RankEnv.SLURM_PMI, 9, 16, 1, 8, "4242.0"));
        }

        @Test
        void srunPmi2SizeThatDisagreesWithSlurmIsAnError() {
            Map<String, String> env = with(SRUN_PMIX, "PMI_RANK", "9", "PMI_SIZE", "12");
            env.remove("PMIX_RANK");

            assertThatThrownBy(() -> RankEnv.discover(env)).isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("PMI_SIZE=12 disagrees with SLURM_STEP_NUM_TASKS=16: two launchers describe this process differently");
        }
    }

    @Nested
    class Slurm {
        private Map<String, String> srunTask() {
            Map<String, String> env = new HashMap<>(SRUN_PMIX);
            env.remove("PMIX_RANK");
            env.remove("PMIX_NAMESPACE");
            return env;
        }

        @Test
        void readsATaskOfAnSrunStep() {
            RankEnv rank = discover(srunTask());

            assertThat(rank).isEqualTo(new RankEnv(RankEnv.SLURM, 9, 16, 1, 8, "4242.0"));
            assertThat(rank.startedBySrun()).isTrue();
            assertThat(rank.singleNode()).isFalse();
        }

        @Test
        void unevenTasksPerNodeAreIndexedByTheNodeId() {
            Map<String, String> env = with(srunTask(), "SLURM_STEP_TASKS_PER_NODE", "2(x3),1", "SLURM_NODEID", "3",
                    "SLURM_PROCID", "6", "SLURM_LOCALID", "0", "SLURM_STEP_NUM_TASKS", "7", "SLURM_NTASKS", "7");

            assertThat(discover(env).localSize()).isEqualTo(1);
        }

        @Test
        void withoutStepTasksPerNodeTheJobsNtasksPerNodeGivesTheLocalSize() {
            Map<String, String> env = with(srunTask(), "SLURM_NTASKS_PER_NODE", "8");
            env.remove("SLURM_STEP_TASKS_PER_NODE");

            assertThat(discover(env).localSize()).isEqualTo(8);
        }

        @Test
        void withoutAnyTasksPerNodeTheLocalSizeIsUnknown() {
            Map<String, String> env = srunTask();
            env.remove("SLURM_STEP_TASKS_PER_NODE");

            assertThat(discover(env).localSize()).isEqualTo(-1);
        }

        @Test
        void withoutStepNumTasksTheStepsNtasksGivesTheSize() {
            Map<String, String> env = srunTask();
            env.remove("SLURM_STEP_NUM_TASKS");

            assertThat(discover(env).worldSize()).isEqualTo(16);
        }

        @Test
        void aBatchScriptOrSallocShellIsNotALaunch() {
            // sbatch's batch step: SLURM_PROCID=0 and the job's task count, but no step of srun.
            Map<String, String> batch = env("SLURM_JOB_ID", "4242", "SLURM_PROCID", "0", "SLURM_LOCALID", "0",
                    "SLURM_NODEID", "0", "SLURM_NTASKS", "16", "SLURM_TASKS_PER_NODE", "8(x2)",
                    "SLURM_JOB_NODELIST", "gpu-[001-002]");

            assertThat(RankEnv.discover(batch)).isEmpty();
        }

        @Test
        void aStepWithoutProcIdIsAnError() {
            Map<String, String> env = srunTask();
            env.remove("SLURM_PROCID");

            assertThatThrownBy(() -> RankEnv.discover(env)).isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("SLURM_STEP_NUM_TASKS=16 is set but SLURM_PROCID is not set: cannot tell which rank this is");
        }

        @Test
        void malformedTasksPerNodeIsAnErrorNamingIt() {
            assertThatThrownBy(() -> RankEnv.discover(with(srunTask(), "SLURM_STEP_TASKS_PER_NODE", "8x2")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("SLURM_STEP_TASKS_PER_NODE=8x2 is not a list like 8(x2),4");
        }

        @Test
        void localIdNotBelowTheNodesTaskCountIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(srunTask(), "SLURM_LOCALID", "8")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("SLURM_LOCALID=8 is not below this node's task count 8 (SLURM_STEP_TASKS_PER_NODE=8(x2))");
        }

        @Test
        void torchrunStyleRankThatDisagreesWithTheStepIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(srunTask(), "RANK", "1", "WORLD_SIZE", "2")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("RANK=1 disagrees with SLURM_PROCID=9: two launchers describe this process differently");
        }

        @Test
        void torchrunStyleVariablesThatAgreeAreAccepted() {
            assertThat(discover(with(srunTask(), "RANK", "9", "WORLD_SIZE", "16")).launcher()).isEqualTo(RankEnv.SLURM);
        }

        @Test
        void compressedTaskCountsExpand() {
            assertThat(RankEnv.tasksPerNode("X", "2(x3),1")).containsExactly(2, 2, 2, 1);
            assertThat(RankEnv.tasksPerNode("X", "8")).containsExactly(8);
        }
    }

    @Nested
    class Torchrun {
        /** One worker of `torchrun --nproc-per-node 2` (a static rendezvous: run id "none"). */
        private final Map<String, String> worker = env("LOCAL_RANK", "0", "RANK", "0", "GROUP_RANK", "0",
                "LOCAL_WORLD_SIZE", "2", "WORLD_SIZE", "2", "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", "29500",
                "TORCHELASTIC_RUN_ID", "none", "TORCHELASTIC_USE_AGENT_STORE", "True");

        @Test
        void readsRankWorldAndLocalSizeAndIgnoresTheDefaultRunId() {
            assertThat(discover(worker)).isEqualTo(new RankEnv(RankEnv.TORCHRUN, 0, 2, 0, 2, null));
        }

        @Test
        void aRealRunIdIsTheJobId() {
            assertThat(discover(with(worker, "TORCHELASTIC_RUN_ID", "bench7")).jobId()).isEqualTo("bench7");
        }

        @Test
        void worldSizeWithoutRankIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(env("WORLD_SIZE", "2", "LOCAL_RANK", "0")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("WORLD_SIZE=2 is set but RANK is not set: cannot tell which rank this is");
        }

        @Test
        void localRankNotBelowLocalWorldSizeIsAnError() {
            assertThatThrownBy(() -> RankEnv.discover(with(worker, "LOCAL_RANK", "2")))
                    .isInstanceOf(LaunchEnvironmentException.class)
                    .hasMessage("LOCAL_RANK=2 is not below LOCAL_WORLD_SIZE=2");
        }
    }

    @Test
    void singleNodeMeansEveryRankIsOnThisNode() {
        assertThat(new RankEnv(RankEnv.OPEN_MPI, 0, 8, 0, 8, "1").singleNode()).isTrue();
        assertThat(new RankEnv(RankEnv.OPEN_MPI, 0, 16, 0, 8, "1").singleNode()).isFalse();
        assertThat(new RankEnv(RankEnv.OPEN_MPI, 0, 16, 0, -1, "1").singleNode()).isFalse();
    }

    @Test
    void theRecordRefusesARankOutsideItsWorld() {
        assertThatThrownBy(() -> new RankEnv(RankEnv.SLURM, 4, 4, 0, -1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RankEnv(RankEnv.SLURM, 0, 4, 2, 2, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Optional.of(new RankEnv(RankEnv.SLURM, 3, 4, 1, 2, null))).isPresent();
    }
}
