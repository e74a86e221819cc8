package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.info.Hostname;
import org.ncclkit.monitor.AgentMessage;
import org.ncclkit.monitor.SampleCsv;
import org.ncclkit.monitor.SampleJson;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuPresent;

import picocli.CommandLine;

/** {@code ncclkit monitor} on the recording two-nodes.jsonl (2 nodes x 2 H100s, 3 intervals), in process and as a real agent. */
class MonitorCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Path recording() {
        try {
            return Path.of(MonitorCommandTest.class.getResource("/org/ncclkit/monitor/two-nodes.jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Run monitor(boolean terminal, String... args) {
        CommandLine commandLine = Main.newCommandLine();
        MonitorCommand command = commandLine.getSubcommands().get("monitor").getCommand();
        command.terminal = terminal;
        List<String> all = new ArrayList<>(List.of("monitor"));
        all.addAll(List.of(args));
        InProcessCli cli = new InProcessCli();
        Run run = new Run(cli.run(commandLine, all.toArray(String[]::new)), cli.out(), cli.err());
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        return run;
    }

    @Test
    void withoutATerminalEachReadingIsOneLineAndEachProblemIsSaidOnceWhenItAppears() {
        Run run = monitor(false, "--replay", recording().toString(), "--interval", "0.01");

        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(16);
        assertThat(lines.getFirst()).isEqualTo("2026-11-25T21:40:00Z node-a gpu 0 util 98% mem 71.2/79.6 GiB sm 1980 MHz "
                + "power 690W temp 71C pcie 1204/980 MB/s nvlink 302.9/297.9 GB/s ecc 0/0 clocks ok");
        assertThat(lines).filteredOn(line -> line.startsWith("PROBLEM")).containsExactly(
                "PROBLEM node-a GPU 1 slowed for heat (sw_thermal), 83 C",
                "PROBLEM node-b GPU 1 idle (0%) while 3 other GPUs are busy",
                "PROBLEM node-b GPU 0 XID 79 (1 event since monitoring began)",
                "PROBLEM node-a GPU 1 at 86 C (limit 85 C)");
        assertThat(lines).containsSubsequence("2026-11-25T21:40:01Z node-b gpu 1 util 0% mem 1.1/79.6 GiB sm 345 MHz power 72W "
                        + "temp 38C pcie 0/0 MB/s nvlink 0.0/0.0 GB/s ecc 0/0 clocks ok",
                "PROBLEM node-a GPU 1 slowed for heat (sw_thermal), 83 C");
        assertThat(lines.get(12)).startsWith("2026-11-25T21:40:02Z node-b gpu 0 ").endsWith(" xid 79");
    }

    @Test
    void onATerminalEachIntervalRedrawsOneFrameInPlace() {
        Run run = monitor(true, "--replay", recording().toString(), "--interval", "0.01");

        assertThat(run.status()).isZero();
        String[] frames = run.out().split("\033\\[H", -1);
        assertThat(frames).hasSize(4); // nothing before the first frame, then one per interval
        assertThat(frames[0]).isEmpty();
        assertThat(frames[3]).contains("4 problems:").endsWith("\033[J");
        assertThat(frames[3].replaceAll("\033\\[[0-9;]*[A-Za-z]", "").lines())
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
    }

    @Test
    void countStopsAfterThatManyIntervals() {
        Run run = monitor(false, "--replay", recording().toString(), "--interval", "0.01", "--count", "1");

        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("2026-11-25T21:40:00Z"));
    }

    @Test
    void recordWritesEveryReadingAsCsvWhileTheViewRuns() throws IOException {
        Path csv = dir.resolve("out/run.csv");

        Run run = monitor(false, "--replay", recording().toString(), "--interval", "0.01", "--record", csv.toString());

        assertThat(run.status()).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(13);
        assertThat(rows.getFirst()).isEqualTo(SampleCsv.header());
        assertThat(rows.get(12)).startsWith("2026-11-25T21:40:02Z,node-b,1,");
    }

    @Test
    void aJsonLinesRecordingPlaysBackToTheSameReadings() throws IOException {
        Path jsonl = dir.resolve("run.jsonl");
        monitor(false, "--replay", recording().toString(), "--interval", "0.01", "--record", jsonl.toString());

        Run again = monitor(false, "--replay", jsonl.toString(), "--interval", "0.01");
        Run original = monitor(false, "--replay", recording().toString(), "--interval", "0.01");

        assertThat(again.out()).isEqualTo(original.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(monitor(false, "--interval", "0").err()).contains("--interval 0.0 is not a number of seconds");
        Run txt = monitor(false, "--replay", recording().toString(), "--record", "out.txt");
        assertThat(txt.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(txt.err()).contains("--record out.txt: name it .jsonl (JSON lines) or .csv");
        assertThat(monitor(false, "--agent", "--hosts", "a,b").err()).contains("--agent reads this node only");
        Run missing = monitor(false, "--replay", dir.resolve("none.jsonl").toString());
        assertThat(missing.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read the recording");
    }

    @Test
    void theAgentIsARealProcessThatSaysHelloThenStreamsOneJsonLinePerGpuPerInterval() throws IOException {
        ChildProcess agent = ChildProcess.run(ChildProcess.ncclkit("monitor", "--agent", "--replay", recording().toString(),
                "--interval", "0.05"), Duration.ofSeconds(60));

        assertThat(agent.status()).as(agent.err()).isZero();
        List<String> lines = agent.out().lines().toList();
        assertThat(SampleJson.parse(lines.getFirst())).isInstanceOfSatisfying(AgentMessage.Hello.class, hello -> {
            assertThat(hello.host()).isEqualTo(Hostname.get());
            assertThat(hello.intervalSeconds()).isEqualTo(0.05);
        });
        List<String> recorded = Files.readAllLines(recording()).stream().filter(line -> line.contains("\"type\":\"sample\"")).toList();
        assertThat(lines.subList(1, lines.size()).stream().map(SampleJson::parseSample).toList())
                .isEqualTo(recorded.stream().map(SampleJson::parseSample).toList());
    }

    @Test
    void anAgentWithoutNvmlSaysWhyInItsStreamAndExitsWithTheNoGpuStatus() {
        Assumptions.assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU");

        ChildProcess agent = ChildProcess.run(ChildProcess.ncclkit("monitor", "--agent", "--count", "1"), Duration.ofSeconds(60));

        assertThat(agent.status()).isEqualTo(ExitCodes.NO_GPU);
        List<String> lines = agent.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(SampleJson.parse(lines.get(1))).isInstanceOf(AgentMessage.Failure.class);
        assertThat(agent.err()).contains("ncclkit: error: cannot read the GPUs of " + Hostname.get());
    }

    static void copy(Path from, Path to) {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
