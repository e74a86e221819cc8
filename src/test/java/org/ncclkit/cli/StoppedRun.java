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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ncclkit.testing.ChildProcess;

/**
 * An {@code ncclkit run} of real rank processes in which the test stops one rank with SIGSTOP once the run is under way,
 * and checks that the others end within a limit and that, once the stopped one is let go (SIGCONT), every process of
 * the run is gone, by PID.
 */
final class StoppedRun {
    private StoppedRun() {
    }

    /** What a run with a stopped rank printed (standard output and error), and the launcher's exit status. */
    record Ended(List<String> lines, int status) {
    }

    /**
     * Runs {@code ncclkit args}; once a line satisfies {@code underWay}, reads every rank's PID from rank 0's lines
     * ({@code pidLine}: group 1 the rank, group 2 the PID), stops {@code stopped}, and checks the rest ended within
     * {@code limitSeconds}; then lets the stopped one go. Returns everything the run printed.
     */
    static List<String> stopOneRank(List<String> args, Predicate<String> underWay, Pattern pidLine, int ranks, int stopped,
                                    int limitSeconds) throws Exception {
        return stopOneRank(args, underWay, pidLine, ranks, stopped, limitSeconds, true).lines();
    }

    /**
     * The same, but the stopped rank stays stopped: the launcher must kill it itself once its grace period is over,
     * and end within 30 s of the others.
     */
    static Ended stopOneRankForGood(List<String> args, Predicate<String> underWay, Pattern pidLine, int ranks, int stopped,
                                    int limitSeconds) throws Exception {
        return stopOneRank(args, underWay, pidLine, ranks, stopped, limitSeconds, false);
    }

    private static Ended stopOneRank(List<String> args, Predicate<String> underWay, Pattern pidLine, int ranks, int stopped,
                                     int limitSeconds, boolean letGo) throws Exception {
        Process launcher = new ProcessBuilder(ChildProcess.ncclkit(args.toArray(String[]::new))).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, ProcessHandle> pids = new TreeMap<>();
        try {
            Thread pump = readLines(launcher.getInputStream(), lines);
            awaitPids(lines, underWay, pidLine, pids);
            assertThat(pids).as(String.join("\n", lines)).hasSize(ranks);

            signal("STOP", pids.get(stopped));
            long stoppedAt = System.nanoTime();
            for (var rank : pids.entrySet()) {
                if (rank.getKey() != stopped) {
                    long left = TimeUnit.SECONDS.toNanos(limitSeconds) - (System.nanoTime() - stoppedAt);
                    rank.getValue().onExit().get(Math.max(left, 1), TimeUnit.NANOSECONDS);
                }
            }
            assertThat(pids.get(stopped).isAlive()).as("the stopped rank is still stopped").isTrue();

            if (letGo) {
                signal("CONT", pids.get(stopped)); // it finds the run over and leaves by itself
            }
            // left stopped, it is the launcher's to kill once its grace period (15 s) is over
            assertThat(launcher.waitFor(letGo ? 20 : 30, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
            pump.join(5_000);
            for (ProcessHandle rank : pids.values()) {
                assertThat(rank.isAlive()).as("pid " + rank.pid() + " is gone").isFalse();
            }
            return new Ended(List.copyOf(lines), launcher.exitValue());
        } finally {
            pids.values().forEach(ProcessHandle::destroyForcibly); // SIGKILL also ends a stopped process
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    /** ncclkit's error lines (any rank's, and the launcher's), without the launcher's "[rank N] " prefix. */
    static List<String> errorLines(List<String> lines) {
        return lines.stream().map(l -> l.replaceFirst("^\\[rank \\d+\\] ", "")).filter(l -> l.startsWith("ncclkit: error")).toList();
    }

    private static void awaitPids(List<String> lines, Predicate<String> underWay, Pattern pidLine,
                                  Map<Integer, ProcessHandle> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                if (lines.stream().anyMatch(underWay)) {
                    for (String line : lines) {
                        Matcher row = pidLine.matcher(line);
                        if (row.matches()) {
                            pids.put(Integer.parseInt(row.group(1)), ProcessHandle.of(Long.parseLong(row.group(2))).orElseThrow());
                        }
                    }
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run did not get under way within 120 s:\n" + String.join("\n", lines));
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
