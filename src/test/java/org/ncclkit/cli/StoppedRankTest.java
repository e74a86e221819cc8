package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.ncclkit.testing.ChildProcess;

/**
 * A rank stopped with SIGSTOP in the middle of a run: four real processes under {@code ncclkit run}, meeting at a
 * rendezvous barrier every second ({@code selftest --hold}), no GPU. The other ranks must end within the timeout + 10 s,
 * one message must name the stopped rank, and no process may be left.
 */
class StoppedRankTest {
    /** "#      2      2  host                    4711": rank 0's table of who runs where. */
    private static final Pattern TABLE_ROW = Pattern.compile("^#\\s+(\\d+)\\s+\\d+\\s+\\S+\\s+(\\d+)$");
    private static final int STOPPED = 2;

    @Test
    void aStoppedRankIsNamedByTheRendezvousViewWhenMinusTRunsOut() throws Exception {
        int timeout = 3;
        List<String> lines = stopOneRank(timeout, "-T", Integer.toString(timeout), "--peer-timeout", "60");

        List<String> errors = errorLines(lines);
        assertThat(errors).as(String.join("\n", lines)).singleElement().satisfies(error -> assertThat(error)
                .containsPattern("ncclkit: error: Test timeout \\(3s\\): no progress for 3 s during --hold \\(barrier \\d+ of 60\\);"
                        + " waiting for rank 2 \\(host \\S+, pid \\d+\\), which has not reached operation #\\d+ \\(barrier\\) and has sent"
                        + " nothing, not even a heartbeat, for \\d+\\.\\d s \\(stopped or hung\\?\\); NCCL RAS not asked: "));
    }

    @Test
    void aStoppedRankIsNamedByItsMissingHeartbeatsWhenThePeerTimeoutComesFirst() throws Exception {
        int peerTimeout = 3;
        List<String> lines = stopOneRank(peerTimeout, "--peer-timeout", Integer.toString(peerTimeout));

        assertThat(errorLines(lines)).as(String.join("\n", lines)).singleElement().satisfies(error -> assertThat(error)
                .matches("ncclkit: error: rank 2 \\(host \\S+, pid \\d+\\) went silent: no heartbeat for 3 s; stopping the run"));
    }

    /**
     * Starts four ranks, stops rank 2 once the checks passed, and checks that the others end within {@code timeout}
     * + 10 s and, once rank 2 is let go again, that every process is gone. Returns everything the run printed.
     */
    private static List<String> stopOneRank(int timeout, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("run", "-np", "4", "selftest", "--hold", "60"));
        command.addAll(List.of(options));
        Process launcher = new ProcessBuilder(ChildProcess.ncclkit(command.toArray(String[]::new))).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, ProcessHandle> ranks = new TreeMap<>();
        try {
            Thread pump = readLines(launcher.getInputStream(), lines);
            awaitTable(lines, ranks);
            assertThat(ranks).hasSize(4);

            signal("STOP", ranks.get(STOPPED));
            long stopped = System.nanoTime();
            for (var rank : ranks.entrySet()) {
                if (rank.getKey() != STOPPED) {
                    long left = TimeUnit.SECONDS.toNanos(timeout + 10) - (System.nanoTime() - stopped);
                    rank.getValue().onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
                }
            }
            assertThat(ranks.get(STOPPED).isAlive()).as("the stopped rank is still stopped").isTrue();

            signal("CONT", ranks.get(STOPPED)); // let it go: it finds the run over and leaves by itself
            assertThat(launcher.waitFor(20, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            pump.join(5_000);
            for (ProcessHandle rank : ranks.values()) {
                assertThat(rank.isAlive()).as("pid " + rank.pid() + " is gone").isFalse();
            }
            return List.copyOf(lines);
        } finally {
            ranks.values().forEach(ProcessHandle::destroyForcibly); // SIGKILL also ends a stopped process
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static List<String> errorLines(List<String> lines) {
        return lines.stream().filter(l -> l.contains("error")).map(l -> l.replaceFirst("^\\[rank \\d+\\] ", "")).toList();
    }

    private static void awaitTable(List<String> lines, Map<Integer, ProcessHandle> ranks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                if (lines.stream().anyMatch(l -> l.equals("# selftest passed"))) {
                    for (String line : lines) {
                        Matcher row = TABLE_ROW.matcher(line);
                        if (row.matches()) {
                            ranks.put(Integer.parseInt(row.group(1)), ProcessHandle.of(Long.parseLong(row.group(2))).orElseThrow());
                        }
                    }
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the selftest did not pass within 60 s:\n" + String.join("\n", lines));
    }

    private static Thread readLines(InputStream in, List<String> lines) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the launcher is gone
            }
        });
    }

    private static void signal(String name, ProcessHandle process) throws IOException, InterruptedException {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
    }

}
