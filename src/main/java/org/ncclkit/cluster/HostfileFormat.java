package org.ncclkit.cluster;

import java.util.List;
import java.util.stream.Collectors;

import org.ncclkit.launch.SlurmNodeList;

/** The hosts-file formats {@code ncclkit hostfile} writes, one node per entry with its GPU count as slots. */
public enum HostfileFormat {
    /** Open MPI's {@code --hostfile}, as in the seed: {@code localhost slots=8}. */
    OPENMPI("Open MPI"),
    /** MPICH's (Hydra's) {@code -f}: {@code host:8}. */
    MPICH("MPICH"),
    /** A Slurm node list for {@code --nodelist}/{@code -w}: {@code node[01-16]}; Slurm counts GPUs itself. */
    SLURM("Slurm node list"),
    /** DeepSpeed's {@code --hostfile}: {@code host slots=8}. */
    DEEPSPEED("DeepSpeed");

    private final String displayName;

    HostfileFormat(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** One node of the file: its name there and its slot count. */
    public record Node(String name, int slots) {
    }

    /** The file's text, ending in a newline. */
    public String render(List<Node> nodes) {
        return switch (this) {
            case OPENMPI, DEEPSPEED -> nodes.stream().map(node -> node.name() + " slots=" + node.slots() + "\n")
                    .collect(Collectors.joining());
            case MPICH -> nodes.stream().map(node -> node.name() + ":" + node.slots() + "\n").collect(Collectors.joining());
            case SLURM -> SlurmNodeList.compress(nodes.stream().map(Node::name).distinct().toList()) + "\n";
        };
    }
}
