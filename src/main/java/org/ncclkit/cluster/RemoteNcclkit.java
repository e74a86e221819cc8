package org.ncclkit.cluster;

import java.util.List;
import java.util.Optional;

import org.ncclkit.launch.ShellWords;

/**
 * What ncclkit a node has at a path: none, a version ({@code bin/ncclkit --version}), or one that does not start.
 * Every node must have the bundle at the same path as the leader, because mpirun and srun start that path there.
 */
public final class RemoteNcclkit {
    private static final String MISSING = "ncclkit-missing";

    private RemoteNcclkit() {
    }

    /** A node's ncclkit at one path. {@code version} is {@code ncclkit 0.1.0}; {@code problem} says why there is none. */
    public record Installed(String path, Optional<String> version, String problem) {
        public boolean missing() {
            return version.isEmpty() && problem == null;
        }

        public boolean runs() {
            return version.isPresent();
        }
    }

    /** The shell command that reports it (run by the login shell, as mpirun's ssh runs orted). */
    static String command(String path) {
        String quoted = ShellWords.quote(path);
        return "test -x " + quoted + " || { echo " + MISSING + "; exit 0; }; " + quoted + " --version";
    }

    public static Installed at(SshSession session, String path) {
        CommandOutput run = session.capture(command(path), new byte[0]);
        List<String> lines = run.out().lines().filter(line -> !line.isBlank()).toList();
        if (!lines.isEmpty() && lines.getFirst().equals(MISSING)) {
            return new Installed(path, Optional.empty(), null);
        }
        if (run.exit().succeeded() && !lines.isEmpty() && lines.getFirst().startsWith("ncclkit ")) {
            return new Installed(path, Optional.of(lines.getFirst().strip()), null);
        }
        List<String> said = (run.out() + "\n" + run.err()).lines().filter(line -> !line.isBlank()).toList();
        return new Installed(path, Optional.empty(), path + " --version ended with " + run.exit().describe()
                + (said.isEmpty() ? "" : ": " + said.getLast().strip()));
    }

    /** {@code ncclkit 0.1.0} as this build's {@code --version} prints it. */
    public static String versionLine(String version) {
        return "ncclkit " + version;
    }
}
