package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ncclkit.rendezvous.RendezvousAddress;

/** The order in which rank 0's address and the run token are chosen, and the errors when nothing gives them. */
class RendezvousSettingsTest {
    private static final RankEnv TWO_NODES_OPEN_MPI = new RankEnv(RankEnv.OPEN_MPI, 3, 16, 3, 8, "2039021569");
    private static final RankEnv ONE_NODE_OPEN_MPI = new RankEnv(RankEnv.OPEN_MPI, 1, 8, 1, 8, "2039021569");
    private static final RankEnv SRUN_TASK = new RankEnv(RankEnv.SLURM_PMIX, 9, 16, 1, 8, "4242.0");
    private static final Map<String, String> TOKEN = Map.of("NCCLKIT_RUN_TOKEN", "0123456789abcdef0123456789abcdef");

    private static Map<String, String> env(Map<String, String> base, String... keyValues) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @Test
    void theOptionWinsOverEveryVariable() {
        Map<String, String> env = env(TOKEN, "NCCLKIT_RENDEZVOUS", "node1:29400", "MASTER_ADDR", "node2", "MASTER_PORT", "29500");

        RendezvousSettings settings = RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, env, Optional.of("node9:31000"));

        assertThat(settings).isEqualTo(new RendezvousSettings(new RendezvousAddress("node9", 31000),
                "0123456789abcdef0123456789abcdef", "--rendezvous"));
    }

    @Test
    void ncclkitRendezvousWinsOverMasterAddr() {
        Map<String, String> env = env(TOKEN, "NCCLKIT_RENDEZVOUS", "node1:29400", "MASTER_ADDR", "node2", "MASTER_PORT", "29500");

        RendezvousSettings settings = RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, env, Optional.empty());

        assertThat(settings.address()).isEqualTo(new RendezvousAddress("node1", 29400));
        assertThat(settings.source()).isEqualTo("NCCLKIT_RENDEZVOUS");
    }

    @Test
    void aMalformedAddressNamesWhereItCameFrom() {
        assertThatThrownBy(() -> RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, env(TOKEN, "NCCLKIT_RENDEZVOUS", "node1"),
                Optional.empty())).isInstanceOf(LaunchEnvironmentException.class)
                .hasMessage("NCCLKIT_RENDEZVOUS=node1: rendezvous address 'node1' is not HOST:PORT");
        assertThatThrownBy(() -> RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, TOKEN, Optional.of("node1:http")))
                .isInstanceOf(LaunchEnvironmentException.class)
                .hasMessage("--rendezvous node1:http: rendezvous address 'node1:http' has no numeric port");
    }

    @Test
    void masterAddrAndPortAreUsedAsTheyAre() {
        RendezvousSettings settings = RendezvousSettings.resolve(TWO_NODES_OPEN_MPI,
                env(TOKEN, "MASTER_ADDR", "node2", "MASTER_PORT", "29500"), Optional.empty());

        assertThat(settings.address()).isEqualTo(new RendezvousAddress("node2", 29500));
        assertThat(settings.source()).isEqualTo("MASTER_ADDR:MASTER_PORT");
    }

    @Test
    void underTorchrunsAgentStoreTheNextPortIsTaken() {
        RankEnv worker = new RankEnv(RankEnv.TORCHRUN, 0, 2, 0, 2, null);
        Map<String, String> env = env(TOKEN, "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", "29500",
                "TORCHELASTIC_USE_AGENT_STORE", "True");

        RendezvousSettings settings = RendezvousSettings.resolve(worker, env, Optional.empty());

        assertThat(settings.address()).isEqualTo(new RendezvousAddress("127.0.0.1", 29501));
        assertThat(settings.source()).contains("agent store");
    }

    @Test
    void masterAddrWithoutMasterPortIsAnError() {
        assertThatThrownBy(() -> RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, env(TOKEN, "MASTER_ADDR", "node2"),
                Optional.empty())).isInstanceOf(LaunchEnvironmentException.class)
                .hasMessage("MASTER_ADDR=node2 is set but MASTER_PORT is not");
        assertThatThrownBy(() -> RendezvousSettings.resolve(TWO_NODES_OPEN_MPI,
                env(TOKEN, "MASTER_ADDR", "node2", "MASTER_PORT", "x"), Optional.empty()))
                .hasMessage("MASTER_PORT=x is not a port number");
    }

    @Test
    void allRanksOnThisNodeMeetOnLoopbackAtAPortFromTheJobId() {
        RendezvousSettings settings = RendezvousSettings.resolve(ONE_NODE_OPEN_MPI, TOKEN, Optional.empty());

        assertThat(settings.address()).isEqualTo(new RendezvousAddress("127.0.0.1", RendezvousSettings.derivedPort("2039021569")));
        assertThat(settings.address().port()).isEqualTo(20000 + 2039021569 % 12000);
        assertThat(settings.source()).contains("all 8 ranks of Open MPI job 2039021569");
    }

    @Test
    void anSrunTaskMeetsOnTheFirstNodeOfTheStep() {
        Map<String, String> env = env(TOKEN, "SLURM_STEP_NODELIST", "gpu-[003-004]", "SLURM_JOB_NODELIST", "gpu-[001-004]");

        RendezvousSettings settings = RendezvousSettings.resolve(SRUN_TASK, env, Optional.empty());

        assertThat(settings.address()).isEqualTo(new RendezvousAddress("gpu-003", RendezvousSettings.derivedPort("4242.0")));
        assertThat(settings.source()).isEqualTo("first node of SLURM_STEP_NODELIST, port from Slurm job 4242.0");
    }

    @Test
    void withoutAStepNodeListTheJobNodeListIsUsed() {
        RendezvousSettings settings = RendezvousSettings.resolve(SRUN_TASK,
                env(TOKEN, "SLURM_JOB_NODELIST", "gpu-[001-004]"), Optional.empty());

        assertThat(settings.address().host()).isEqualTo("gpu-001");
    }

    @Test
    void aMultiNodeLaunchWithNothingToGoBySaysWhatToPass() {
        assertThatThrownBy(() -> RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, TOKEN, Optional.empty()))
                .isInstanceOf(LaunchEnvironmentException.class)
                .hasMessage("no rendezvous address for rank 3 of 16 (Open MPI): pass --rendezvous HOST:PORT (a free port "
                        + "on rank 0's node), set NCCLKIT_RENDEZVOUS=HOST:PORT on every rank, or launch with ncclkit "
                        + "mpirun, which sets it");
    }

    @Test
    void derivedPortsStayBelowTheEphemeralRangeAndMatchTheSbatchScriptForJobNumbers() {
        assertThat(RendezvousSettings.derivedPort("12345")).isEqualTo(20345);
        assertThat(RendezvousSettings.derivedPort("4242.0")).isBetween(20000, 31999);
        assertThat(RendezvousSettings.derivedPort("prterun-node1-81234@1")).isBetween(20000, 31999);
        assertThat(RendezvousSettings.derivedPort("4242.0")).isEqualTo(RendezvousSettings.derivedPort("4242.0"));
    }

    @Test
    void theTokenComesFromNcclkitRunToken() {
        assertThat(RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, env(TOKEN, "NCCLKIT_RENDEZVOUS", "node1:29400"),
                Optional.empty()).token()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void withoutNcclkitRunTokenEveryRankOfAJobDerivesTheSameToken() {
        Map<String, String> env = Map.of("NCCLKIT_RENDEZVOUS", "node1:29400");
        RankEnv rank0 = new RankEnv(RankEnv.OPEN_MPI, 0, 16, 0, 8, "2039021569");

        String token0 = RendezvousSettings.resolve(rank0, env, Optional.empty()).token();
        String token3 = RendezvousSettings.resolve(TWO_NODES_OPEN_MPI, env, Optional.empty()).token();
        String otherJob = RendezvousSettings.resolve(new RankEnv(RankEnv.OPEN_MPI, 0, 16, 0, 8, "2039021570"), env,
                Optional.empty()).token();

        assertThat(token0).matches("[0-9a-f]{32}").isEqualTo(token3).isNotEqualTo(otherJob);
    }

    @Test
    void withoutTokenOrJobIdItIsAnErrorSayingWhatToSet() {
        RankEnv mpich = new RankEnv(RankEnv.MPICH, 1, 2, 1, 2, null);

        assertThatThrownBy(() -> RendezvousSettings.resolve(mpich, Map.of("NCCLKIT_RENDEZVOUS", "node1:29400"), Optional.empty()))
                .isInstanceOf(LaunchEnvironmentException.class)
                .hasMessage("NCCLKIT_RUN_TOKEN is not set and MPICH/Hydra gives no job id to derive one from: set "
                        + "NCCLKIT_RUN_TOKEN to the same random value on every rank (ncclkit mpirun and ncclkit slurm do)");
    }
}
