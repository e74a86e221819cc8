package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The variables each rank of {@code ncclkit run} gets. */
class LocalLauncherTest {
    private static final Map<String, String> BASE = Map.of("PATH", "/usr/bin", "NCCL_DEBUG", "INFO",
            "OMPI_COMM_WORLD_RANK", "3", "SLURM_PROCID", "0", "PMIX_RANK", "3", "NCCLKIT_RENDEZVOUS", "elsewhere:1");

    @Test
    void eachRankGetsTorchrunVariablesALoopbackRendezvousAndTheRunToken() {
        Map<String, String> env = new LocalLauncher(4, 0, false, List.of("ncclkit")).rankEnvironment(BASE, 2, 29555, "t0k");

        assertThat(env).containsEntry("RANK", "2").containsEntry("WORLD_SIZE", "4").containsEntry("LOCAL_RANK", "2")
                .containsEntry("LOCAL_WORLD_SIZE", "4").containsEntry("MASTER_ADDR", "127.0.0.1")
                .containsEntry("MASTER_PORT", "29555").containsEntry("NCCLKIT_RUN_TOKEN", "t0k")
                .containsEntry("PATH", "/usr/bin").containsEntry("NCCL_DEBUG", "INFO")
                .doesNotContainKey("NCCL_HOSTID");
    }

    @Test
    void anotherLaunchersRankVariablesAreNotPassedOn() {
        Map<String, String> env = new LocalLauncher(2, 0, false, List.of("ncclkit")).rankEnvironment(BASE, 1, 1, "t");

        assertThat(env).doesNotContainKeys("OMPI_COMM_WORLD_RANK", "SLURM_PROCID", "PMIX_RANK", "NCCLKIT_RENDEZVOUS");
    }

    @Test
    void simulatedNodesGiveEachGroupOfRanksItsOwnHostIdAndLocalRanks() {
        LocalLauncher launcher = new LocalLauncher(4, 2, false, List.of("ncclkit"));

        List<Map<String, String>> ranks = List.of(0, 1, 2, 3).stream()
                .map(r -> launcher.rankEnvironment(BASE, r, 1, "t")).toList();

        assertThat(ranks).extracting(e -> e.get("NCCL_HOSTID")).containsExactly("ncclkit-simulated-node-0",
                "ncclkit-simulated-node-0", "ncclkit-simulated-node-1", "ncclkit-simulated-node-1");
        assertThat(ranks).extracting(e -> e.get("LOCAL_RANK")).containsExactly("0", "1", "0", "1");
        assertThat(ranks).extracting(e -> e.get("LOCAL_WORLD_SIZE")).containsOnly("2");
    }

    @Test
    void oneSimulatedNodePerRankPutsEveryRankOnDeviceZero() {
        LocalLauncher launcher = new LocalLauncher(2, 2, false, List.of("ncclkit"));

        assertThat(launcher.rankEnvironment(BASE, 1, 1, "t")).containsEntry("LOCAL_RANK", "0")
                .containsEntry("NCCL_HOSTID", "ncclkit-simulated-node-1");
    }

    @Test
    void aRankStartedInsideAnSrunStepOrUnderMpirunIsTheRankWeGaveIt() {
        Map<String, String> srunStep = Map.of("SLURM_JOB_ID", "77", "SLURM_STEP_ID", "0", "SLURM_PROCID", "0",
                "SLURM_NTASKS", "1", "SLURM_LOCALID", "0", "SLURM_STEP_NUM_TASKS", "1", "PMIX_RANK", "0");
        Map<String, String> mpirun = Map.of("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "1",
                "OMPI_COMM_WORLD_LOCAL_RANK", "0", "OMPI_COMM_WORLD_LOCAL_SIZE", "1", "PMIX_RANK", "0");
        LocalLauncher launcher = new LocalLauncher(2, 0, false, List.of("ncclkit"));

        for (Map<String, String> outer : List.of(srunStep, mpirun)) {
            RankEnv child = RankEnv.discover(launcher.rankEnvironment(outer, 1, 1, "t")).orElseThrow();
            assertThat(child.launcher()).isEqualTo(RankEnv.TORCHRUN);
            assertThat(child.rank()).isEqualTo(1);
            assertThat(child.worldSize()).isEqualTo(2);
        }
    }
}
