package org.ncclkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.ncclkit.cluster.RemoteNcclkit;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.cluster.ThisNode;
import org.ncclkit.deploy.BundleArchive;
import org.ncclkit.deploy.Deployment;
import org.ncclkit.launch.NcclkitLauncher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit deploy --hosts ...}: this bundle onto every node, at the same path, where its version differs. */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy this ncclkit bundle (the folder bin/ncclkit runs from) to the same path on every node over "
                + "SFTP, only where that path's bin/ncclkit --version differs, unpack it beside the old one and rename it "
                + "into place (never a half-written bundle), then run ncclkit info there (no GPU, exit 5, is reported, "
                + "not a failure, for CPU nodes).",
                "Nodes are worked on in parallel (--parallel), each within --timeout; logins use the keys in the SSH folder "
                        + "and the agent, host keys are checked against its known_hosts.",
                "Exit status: 0 when every node has the bundle and its ncclkit info ran; 1 when any node failed (the "
                        + "table says why) or the bundle cannot be packed; 6 for bad options."},
        footer = {"Examples:", "  ncclkit deploy --hosts hosts", "  ncclkit deploy --hosts 'gpu-[01-16]' --parallel 8 --timeout 300"})
public final class DeployCommand implements Callable<Integer> {
    @Mixin
    SshOptions ssh;

    @Option(names = "--path", paramLabel = "DIR",
            description = "Where the bundle goes on the nodes (default: where it is here, which mpirun and srun need).")
    String path;

    @Option(names = "--force", description = "Copy even where the node's bin/ncclkit prints the same version.")
    boolean force;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time limit per node, copy included (default: 600).")
    double timeout = 600;

    @Spec
    CommandSpec spec;

    // This node's facts, replaceable by tests.
    Map<String, String> environment = System.getenv();
    Supplier<String> version = Main::version;

    @Override
    public Integer call() {
        List<SshTarget> targets = ssh.targets();
        Duration perHost = SshOptions.seconds(timeout, "--timeout", false);
        String given = path != null ? absolute(path) : null;
        Path bundle = Path.of(NcclkitLauncher.path(environment)).getParent().getParent();
        String home = given != null ? given : bundle.toString();
        PrintWriter out = spec.commandLine().getOut();
        ThisNode thisNode = ThisNode.detect();
        List<SshTarget> members = new ArrayList<>();
        for (SshTarget target : targets) {
            if (path == null && thisNode.is(target)) {
                out.println(target.label() + ": this node, where the bundle comes from: skipped");
            } else {
                members.add(target);
            }
        }
        String versionLine = RemoteNcclkit.versionLine(version.get());
        out.println("bundle: " + bundle + " (" + versionLine + ") to " + home + " on " + members.size()
                + (members.size() == 1 ? " node" : " nodes"));
        out.flush();
        List<Deployment.Row> rows;
        try (BundleArchive.OnDemand archive = new BundleArchive.OnDemand(bundle)) {
            rows = new Deployment(ssh.client(), ssh.credentials(List.of(), environment), ssh.parallel, perHost)
                    .run(members, home, versionLine, archive, force);
        }
        out.println();
        out.print(Deployment.table(rows));
        out.println();
        List<Deployment.Row> failed = rows.stream().filter(row -> !row.ok()).toList();
        long copied = rows.stream().filter(row -> row.ok() && row.action().startsWith("copied")).count();
        long current = rows.stream().filter(row -> row.ok() && row.action().equals("up to date")).count();
        long noGpu = rows.stream().filter(row -> row.ok() && row.info().startsWith("no GPU")).count();
        String done = copied + " copied, " + current + " up to date" + (noGpu == 0 ? "" : ", " + noGpu + " without GPU");
        out.println(failed.isEmpty() ? "ready: " + rows.size() + " of " + rows.size() + " nodes (" + done + ")"
                : failed.size() + " of " + rows.size() + " nodes failed: " + failed.stream().limit(8).map(row -> row.target().label())
                        .collect(Collectors.joining(", ")) + (failed.size() > 8 ? ", ..." : "") + " (" + done + ")");
        out.flush();
        return failed.isEmpty() ? ExitCodes.OK : SshOptions.SOME_HOST_FAILED;
    }

    private static String absolute(String path) {
        if (!path.startsWith("/") || path.contains("'") || path.endsWith("/") || path.contains("/../") || path.contains("/./")) {
            throw new UsageException("--path " + path + ": give an absolute folder path such as /opt/ncclkit-0.1.0");
        }
        return path;
    }
}
