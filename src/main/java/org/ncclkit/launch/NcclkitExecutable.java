package org.ncclkit.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The command that starts this ncclkit again, for child ranks: the bundle's launcher, or this JVM and class path. */
public final class NcclkitExecutable {
    private NcclkitExecutable() {
    }

    /** The bundle's {@code bin/ncclkit} when run from the bundle, else this JVM with its class path (a build tree). */
    public static List<String> command(Map<String, String> env) {
        if (env.containsKey(NcclkitLauncher.HOME_VARIABLE)) {
            return List.of(NcclkitLauncher.path(env));
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.ncclkit.cli.Main");
    }
}
