package org.ncclkit.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code bin/ncclkit} script of this bundle, which every node runs: {@code $NCCLKIT_HOME/bin/ncclkit}, where
 * {@code NCCLKIT_HOME} is exported by that script. Nodes are expected to have the bundle at the same path (a shared
 * file system or the same install), as the seed expects of {@code all_reduce_perf}.
 */
public final class NcclkitLauncher {
    public static final String HOME_VARIABLE = "NCCLKIT_HOME";

    private NcclkitLauncher() {
    }

    /** The launcher's absolute path; a {@link LaunchEnvironmentException} when NCCLKIT_HOME is unset or has no bin/ncclkit. */
    public static String path(Map<String, String> env) {
        String home = env.get(HOME_VARIABLE);
        if (home == null || home.isBlank()) {
            throw new LaunchEnvironmentException(HOME_VARIABLE + " is not set, so the path of bin/ncclkit on the nodes is "
                    + "unknown: run ncclkit from its bundle (bin/ncclkit sets it), or set " + HOME_VARIABLE);
        }
        Path launcher = Path.of(home).toAbsolutePath().normalize().resolve("bin").resolve("ncclkit");
        if (!Files.isExecutable(launcher)) {
            throw new LaunchEnvironmentException(HOME_VARIABLE + "=" + home + " has no executable bin/ncclkit: run ncclkit "
                    + "from its bundle, or set " + HOME_VARIABLE + " to the bundle's folder");
        }
        return launcher.toString();
    }
}
