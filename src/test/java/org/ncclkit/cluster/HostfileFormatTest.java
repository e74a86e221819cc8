package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.launch.HostList;

/** The hosts-file formats, the Open MPI one read back by the hostfile reader mpirun's command uses. */
class HostfileFormatTest {
    private static final List<HostfileFormat.Node> NODES = List.of(new HostfileFormat.Node("localhost", 8),
            new HostfileFormat.Node("gpu-01", 8), new HostfileFormat.Node("gpu-02", 8), new HostfileFormat.Node("gpu-03", 4));

    @Test
    void openMpiIsTheSeedsSyntaxAndReadsBack() {
        String text = HostfileFormat.OPENMPI.render(NODES);

        assertThat(text).isEqualTo("localhost slots=8\ngpu-01 slots=8\ngpu-02 slots=8\ngpu-03 slots=4\n");
        assertThat(HostList.parseLines(text, "hosts", false)).extracting(entry -> entry.slots().getAsInt())
                .containsExactly(8, 8, 8, 4);
    }

    @Test
    void mpichUsesHostColonCount() {
        assertThat(HostfileFormat.MPICH.render(NODES)).isEqualTo("localhost:8\ngpu-01:8\ngpu-02:8\ngpu-03:4\n");
    }

    @Test
    void slurmIsOneCompressedNodeList() {
        assertThat(HostfileFormat.SLURM.render(NODES)).isEqualTo("localhost,gpu-[01-03]\n");
    }

    @Test
    void deepSpeedUsesSlots() {
        assertThat(HostfileFormat.DEEPSPEED.render(NODES.subList(1, 2))).isEqualTo("gpu-01 slots=8\n");
    }
}
