package org.ncclkit.launch;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds Open MPI's {@code mpirun} by its full path, as the seed insists for EFA runs: the {@code --mpirun} option, else
 * the EFA installer's {@value #AMAZON_OPENMPI}, else {@code mpirun} on {@code PATH}.
 */
public final class MpirunExecutable {
    public static final String AMAZON_OPENMPI = "/opt/amazon/openmpi/bin/mpirun";

    private MpirunExecutable() {
    }

    /**
     * The absolute path of the mpirun to run; a {@link LaunchEnvironmentException} when there is none.
     *
     * @param option     the {@code --mpirun} value: a path, or a name looked up on PATH
     * @param path       the {@code PATH} variable (null when unset)
     * @param executable whether a file exists and may be executed
     */
    public static String find(Optional<String> option, String path, Predicate<Path> executable) {
        if (option.isPresent()) {
            String given = option.get();
            if (given.contains("/")) {
                Path file = Path.of(given).toAbsolutePath().normalize();
                if (!executable.test(file)) {
                    throw new LaunchEnvironmentException("--mpirun " + given + " is not an executable file");
                }
                return file.toString();
            }
            return onPath(given, path, executable).orElseThrow(() -> new LaunchEnvironmentException(
                    "--mpirun " + given + " is not on PATH (" + path + ")"));
        }
        if (executable.test(Path.of(AMAZON_OPENMPI))) {
            return AMAZON_OPENMPI;
        }
        return onPath("mpirun", path, executable).orElseThrow(() -> new LaunchEnvironmentException("no mpirun: "
                + AMAZON_OPENMPI + " does not exist and none is on PATH; install Open MPI (the EFA installer puts it in "
                + "/opt/amazon/openmpi) or pass --mpirun PATH"));
    }

    private static Optional<String> onPath(String name, String path, Predicate<Path> executable) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue; // an empty entry means the current folder, which a launcher should not trust
            }
            Path candidate = Path.of(dir, name).toAbsolutePath().normalize();
            if (executable.test(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
