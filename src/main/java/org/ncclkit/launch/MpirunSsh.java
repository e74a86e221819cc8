package org.ncclkit.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ssh configuration that Open MPI's mpirun makes its {@code ssh} read, from its MCA variables
 * ({@code OMPI_MCA_plm_rsh_agent="ssh -F FILE"}, {@code OMPI_MCA_plm_rsh_args="-F FILE"}), so that a check made before
 * mpirun reaches the hosts the way mpirun will.
 */
public final class MpirunSsh {
    private static final List<String> VARIABLES = List.of("OMPI_MCA_plm_rsh_args", "OMPI_MCA_plm_rsh_agent");

    private MpirunSsh() {
    }

    /** The file after {@code -F}, if one of the variables names one. */
    public static Optional<Path> configFile(Map<String, String> environment) {
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value == null) {
                continue;
            }
            String[] words = value.strip().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                if (words[i].equals("-F") && i + 1 < words.length) {
                    return Optional.of(Path.of(words[i + 1]));
                }
                if (words[i].startsWith("-F") && words[i].length() > 2) {
                    return Optional.of(Path.of(words[i].substring(2)));
                }
            }
        }
        return Optional.empty();
    }
}
