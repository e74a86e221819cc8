package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.testing.LoopbackCluster;
import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/**
 * {@code ncclkit monitor --hosts} against real sshd members on 127.0.0.1. A member's {@code ncclkit} is this build
 * (its classes and runtime jars copied where the member's user can read them) playing back the two-node recording.
 */
class MonitorRemoteTest {
    /**
     * Intervals after which a monitor that should have stopped by itself is stopped anyway. The tests whose agent plays
     * back a recording wait for the monitor to stop when every node is down (the recording ran out, ncclkit missing):
     * a fixed count of intervals would instead time how fast a JVM starts over SSH on the machine running the test.
     */
    private static final String SAFETY_STOP = "120";
    /** What the monitor says when it stops because no node is left to watch. */
    private static final String ALL_DOWN = "ncclkit: no node is answering; stopping";

    @RegisterExtension
    final LoopbackCluster cluster = LoopbackCluster.withSshDir();

    /** A member whose PATH has an ncclkit that runs this build's agent on a copy of the recording. */
    private LoopbackSshd.Node memberWithNcclkit(String name) {
        LoopbackSshd.Node node = KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node(name), cluster.sshDir());
        Path lib = node.home().resolve("ncclkit-lib");
        List<String> classPath = new ArrayList<>();
        for (Class<?> type : List.of(Main.class, CommandLine.class, tools.jackson.databind.json.JsonMapper.class,
                tools.jackson.core.JsonParser.class, com.fasterxml.jackson.annotation.JsonProperty.class, com.jcraft.jsch.JSch.class)) {
            Path source = codeSource(type);
            Path target = lib.resolve(source.getFileName().toString());
            if (!Files.exists(target)) {
                MonitorCommandTest.copy(source, target);
            }
            classPath.add(target.toString());
        }
        try {
            // one node of the recording (GPU 1 goes idle in the 2nd interval, GPU 0 has XID 79 in the 3rd)
            Files.write(node.home().resolve("recorded.jsonl"), Files.readAllLines(MonitorCommandTest.recording()).stream()
                    .filter(line -> line.contains("\"host\":\"node-b\"")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        node.installProgram("ncclkit", "#!/bin/sh\nexec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " --enable-native-access=ALL-UNNAMED -cp " + String.join(":", classPath) + " org.ncclkit.cli.Main \"$@\" --replay "
                + node.home().resolve("recorded.jsonl") + "\n");
        return node;
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private MonitorCommandTest.Run monitor(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        MonitorCommand command = commandLine.getSubcommands().get("monitor").getCommand();
        command.terminal = false;
        command.environment = Map.of();
        List<String> all = new ArrayList<>(List.of("monitor", "--ssh-dir", cluster.sshDir().toString()));
        all.addAll(List.of(args));
        InProcessCli cli = new InProcessCli();
        MonitorCommandTest.Run run = new MonitorCommandTest.Run(cli.run(commandLine, all.toArray(String[]::new)), cli.out(),
                cli.err());
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        return run;
    }

    @Test
    void eachNodesAgentStreamsOverSshAndItsReadingsAreShownUnderTheNodesName() throws IOException {
        LoopbackSshd.Node a = memberWithNcclkit("node-a");
        Path recorded = cluster.leader().resolve("cluster.jsonl");

        MonitorCommandTest.Run run = monitor("--hosts", a.destination(), "--interval", "0.5", "--count", SAFETY_STOP,
                "--record", recorded.toString());

        List<String> samples = run.out().lines().filter(line -> line.startsWith("2026-")).toList();
        assertThat(samples).as(run.out() + run.err()).hasSize(6)
                .allSatisfy(line -> assertThat(line).contains(" " + a.destination() + " gpu "));
        assertThat(run.out()).contains("PROBLEM " + a.destination() + " GPU 1 idle (0%) while 1 other GPU is busy",
                "PROBLEM " + a.destination() + " GPU 0 XID 79 (1 event since monitoring began)");
        assertThat(Files.readAllLines(recorded)).hasSize(6)
                .allSatisfy(line -> assertThat(line).contains("\"host\":\"" + a.destination() + "\""));
        // the agent ran out of recording and ended: the node is down, and says how
        assertThat(run.out()).contains("PROBLEM " + a.destination() + ": monitor agent ended (exit 0)");
        assertThat(run.err()).as("it stopped because the agent ended").contains(ALL_DOWN);
        assertThat(run.status()).isEqualTo(1);
    }

    @Test
    void aNodeWithoutNcclkitIsNamedAsSuchWhileTheOthersAreWatched() {
        LoopbackSshd.Node a = memberWithNcclkit("node-a");
        LoopbackSshd.Node bare = KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node("node-b"), cluster.sshDir());

        MonitorCommandTest.Run run = monitor("--hosts", a.destination() + "," + bare.destination(), "--interval", "0.5",
                "--count", SAFETY_STOP);

        assertThat(run.out()).contains("PROBLEM " + bare.destination() + ": ncclkit not installed on " + bare.destination()
                + " (not on the PATH of a non-interactive SSH login)");
        assertThat(run.out().lines().filter(line -> line.startsWith("2026-")).collect(Collectors.toList()))
                .isNotEmpty().allSatisfy(line -> assertThat(line).contains(a.destination()));
        assertThat(run.err()).as("it stopped because both nodes were down").contains(ALL_DOWN);
        assertThat(run.status()).isEqualTo(1);
    }

    @Test
    void aNodeThatStopsSendingIsCalledSilentAfterThreeIntervals() {
        LoopbackSshd.Node quiet = KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node("node-q"), cluster.sshDir());
        String duration = "40." + System.nanoTime() % 1_000_000; // marks this test's sleep among all processes
        quiet.installProgram("ncclkit", "#!/bin/sh\necho '" + org.ncclkit.monitor.SampleJson.hello("node-q", "dev", 0.2)
                + "'\nexec sleep " + duration + "\n");

        MonitorCommandTest.Run run = monitor("--hosts", quiet.destination(), "--interval", "0.3", "--count", "10");

        assertThat(run.out().lines()).as(run.out()).anyMatch(line -> line.matches(java.util.regex.Pattern.quote(
                "PROBLEM " + quiet.destination() + " silent for ") + "[0-9.]+ s \\(no sample yet\\)"));
        assertThat(run.out().lines()).noneMatch(line -> line.startsWith("2026-"));
        assertThat(run.status()).as("silent is not down").isZero();
        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().arguments()
                .map(arguments -> List.of(arguments).contains(duration)).orElse(false)).count())
                .as("the agent was stopped when the monitor ended").isZero();
    }
}
