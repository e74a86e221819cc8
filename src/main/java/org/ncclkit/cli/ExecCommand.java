package org.ncclkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ncclkit.cluster.ParallelExec;
import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshTarget;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ncclkit exec --hosts ... -- CMD}: one command on every node at once, output prefixed with the node. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit exec --hosts hosts -- nvidia-smi -L",
                "  ncclkit exec --hosts 'node[01-16]' --timeout 30 -- df -h /"},
        sortOptions = false,
        description = {"Run a command on every node at once over SSH (at most --parallel at a time, --timeout each). "
                + "Each output line comes prefixed with its host ('host: line'; standard error stays on standard error); "
                + "a summary of exit statuses ends it.",
                "The command's words are joined by spaces and read by the remote login shell, as ssh does. Logins use "
                        + "the keys in the SSH folder and the agent; host keys are checked against its known_hosts (a new "
                        + "host's key is recorded, a changed one refused).",
                "Exit status: 0 when the command succeeded everywhere; 1 when it failed, timed out or could not start "
                        + "on any host; 6 for bad options."})
public final class ExecCommand implements Callable<Integer> {
    @Mixin
    SshOptions ssh;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Time limit per host, connection included; past it the command gets SIGTERM and the host "
                    + "counts as failed (default: ${DEFAULT-VALUE}; 0 for none).")
    double timeout;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", preprocessor = LaunchOptions.RestOfLine.class,
            description = "The command and its arguments, after --.")
    List<String> command;

    @Spec
    CommandSpec spec;

    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        List<SshTarget> targets = ssh.targets();
        Duration perHost = SshOptions.seconds(timeout, "--timeout", true);
        String line = String.join(" ", command);
        if (line.isBlank()) {
            throw new UsageException("no command to run");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SshClient client = ssh.client();
        ParallelExec.LineSink sink = new ParallelExec.LineSink() {
            @Override
            public void out(SshTarget target, String text) {
                synchronized (out) {
                    out.println(target.label() + ": " + text);
                    out.flush();
                }
            }

            @Override
            public void err(SshTarget target, String text) {
                synchronized (err) {
                    err.println(target.label() + ": " + text);
                    err.flush();
                }
            }

            @Override
            public void done(ParallelExec.HostResult result) {
                if (!result.ok()) {
                    err(result.target(), "failed: " + result.describe());
                }
            }
        };
        List<ParallelExec.HostResult> results = ParallelExec.run(client, ssh.credentials(List.of(), environment), targets,
                line, ssh.parallel, perHost, sink);
        synchronized (err) {
            err.println(ParallelExec.summary(results));
            err.flush();
        }
        return results.stream().allMatch(ParallelExec.HostResult::ok) ? ExitCodes.OK : SshOptions.SOME_HOST_FAILED;
    }
}
