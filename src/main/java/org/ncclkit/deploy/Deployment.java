package org.ncclkit.deploy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.ncclkit.cluster.CommandOutput;
import org.ncclkit.cluster.Credentials;
import org.ncclkit.cluster.FanOut;
import org.ncclkit.cluster.RemoteNcclkit;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshFailure;
import org.ncclkit.cluster.SshSession;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.cluster.TextTable;
import org.ncclkit.launch.RunToken;
import org.ncclkit.launch.ShellWords;

/**
 * Puts this bundle on every node at one path: each node's {@code bin/ncclkit --version} is asked first and the
 * bundle is copied (SFTP) and unpacked ({@link RemoteInstall}) only where it differs; then {@code ncclkit info} runs
 * there, where exit 5 (no GPU) is reported, not a failure, for CPU nodes. Nodes are worked on in parallel, each within
 * its own time limit, and each ends as one {@link Row}.
 */
public final class Deployment {
    private static final int NO_GPU_STATUS = 5;

    private final SshClient client;
    private final Credentials credentials;
    private final int parallel;
    private final Duration timeout;

    public Deployment(SshClient client, Credentials credentials, int parallel, Duration timeout) {
        this.client = client;
        this.credentials = credentials;
        this.parallel = parallel;
        this.timeout = timeout;
    }

    /** What a node had, what was done, what {@code ncclkit info} said; {@code error} is null when the node is ready. */
    public record Row(SshTarget target, String before, String action, String info, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * @param home        the bundle's path on every node
     * @param versionLine what its {@code --version} prints
     * @param archive     the packed bundle, asked for (once) only when a node needs it
     * @param force       copy even where the version is the same
     */
    public List<Row> run(List<SshTarget> targets, String home, String versionLine, Supplier<BundleArchive> archive, boolean force) {
        Map<SshTarget, String> before = new ConcurrentHashMap<>();
        Map<SshTarget, String> action = new ConcurrentHashMap<>();
        return FanOut.run(targets, parallel, timeout, (target, deadline) -> {
            try (SshSession session = client.connect(target, credentials, deadline)) {
                String program = home + "/bin/ncclkit";
                RemoteNcclkit.Installed installed = RemoteNcclkit.at(session, program);
                before.put(target, installed.runs() ? installed.version().get() : installed.missing() ? "none" : "broken");
                boolean current = installed.runs() && installed.version().get().equals(versionLine);
                if (!current || force) {
                    action.put(target, "copying");
                    BundleArchive bundle = archive.get();
                    install(session, bundle, home);
                    RemoteNcclkit.Installed now = RemoteNcclkit.at(session, program);
                    if (!now.runs() || !now.version().get().equals(versionLine)) {
                        throw new SshFailure(SshFailure.Kind.REMOTE, "after copying, " + program + " gives "
                                + (now.runs() ? now.version().get() : now.missing() ? "nothing" : now.problem()));
                    }
                    action.put(target, "copied " + megabytes(bundle.size()));
                } else {
                    action.put(target, "up to date");
                }
                return info(session, program);
            }
        }).stream().map(outcome -> outcome.ok()
                ? new Row(outcome.target(), before.get(outcome.target()), action.get(outcome.target()), outcome.value(), null)
                : new Row(outcome.target(), before.getOrDefault(outcome.target(), "-"), failedAction(action.get(outcome.target())),
                        "-", outcome.failure().getMessage())).toList();
    }

    private static String failedAction(String action) {
        return action == null ? "-" : action.equals("copying") ? "copy FAILED (old bundle kept)" : action;
    }

    private static void install(SshSession session, BundleArchive bundle, String home) {
        String token = RunToken.random().substring(0, 12);
        CommandOutput prepared = session.capture(RemoteInstall.prepare(home), new byte[0]);
        if (!prepared.exit().succeeded()) {
            throw new SshFailure(SshFailure.Kind.REMOTE, "cannot make the folder for " + home + ": " + lastLine(prepared));
        }
        String archive = RemoteInstall.archivePath(home, token);
        try {
            session.upload(bundle.file(), archive);
        } catch (SshFailure failure) {
            if (failure.kind() != SshFailure.Kind.TIMEOUT) {
                session.capture("rm -f " + ShellWords.quote(archive), new byte[0]); // no partial archive left
            }
            throw failure;
        }
        CommandOutput installed = session.capture("/bin/sh -s", RemoteInstall.script(home, bundle.bundle().getFileName().toString(),
                token).getBytes(StandardCharsets.UTF_8));
        if (!installed.exit().succeeded()) {
            throw new SshFailure(SshFailure.Kind.REMOTE, "unpacking into " + home + " failed (" + installed.exit().describe()
                    + "): " + lastLine(installed).replaceFirst("^ncclkit-deploy: ", ""));
        }
    }

    /** {@code ok}, or {@code no GPU (exit 5)} for a CPU node; anything else is the node's failure. */
    private static String info(SshSession session, String program) {
        CommandOutput info = session.capture(ShellWords.quote(program) + " info", new byte[0]);
        if (info.exit().succeeded()) {
            return "ok";
        }
        if (info.exit().status().isPresent() && info.exit().status().getAsInt() == NO_GPU_STATUS) {
            return "no GPU (exit 5)";
        }
        throw new SshFailure(SshFailure.Kind.REMOTE, program + " info ended with " + info.exit().describe() + ": " + lastLine(info));
    }

    private static String lastLine(CommandOutput output) {
        List<String> lines = (output.out() + "\n" + output.err()).lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "(nothing printed)" : lines.getLast().strip();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** The table of rows, as ssh-setup's. */
    public static String table(List<Row> rows) {
        TextTable table = new TextTable("HOST", "BEFORE", "ACTION", "INFO", "ERROR");
        for (Row row : rows) {
            table.add(row.target().label(), row.before(), row.action(), row.info(), row.error() == null ? "" : row.error());
        }
        return table.render();
    }
}
