package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.testing.BuildLauncher;
import org.ncclkit.testing.InstalledMpirun;
import org.ncclkit.testing.RunningProcess;
import org.ncclkit.testing.TestBed;

/**
 * Fault 1 of issue 14 on the test bed: a member drops off the network while {@code ncclkit mpirun -- selftest --hold}
 * runs on 4 hosts. Open MPI's abort would wait for the lost node's daemon for ever; the whole command must end within
 * 15 s of the fault, with exit 8 and a line naming the host, and nothing it started left on the leader.
 */
class MpirunLostNodeTest {
    @RegisterExtension
    static final TestBed BED = TestBed.members(4);
    private static final Duration FAULT_TO_END = Duration.ofSeconds(15);

    @TempDir
    static Path shared;
    private static Path home;

    @BeforeAll
    static void launcher() {
        InstalledMpirun.pathOrSkip();
        home = BuildLauncher.create(shared.resolve("ncclkit"));
    }

    private static RunningProcess holdingRun() {
        Map<String, String> environment = new HashMap<>(BED.mpirunEnvironment());
        environment.put("NCCLKIT_HOME", home.toString());
        RunningProcess run = RunningProcess.start(List.of(home.resolve("bin/ncclkit").toString(), "mpirun", "--hosts",
                BED.names(), "--gpus-per-node", "1", "--", "selftest", "--hold", "120"), environment);
        run.awaitOutput("# selftest passed", Duration.ofSeconds(90));
        return run;
    }

    private static void endsWithinFifteenSecondsNaming(RunningProcess run, String rankOnHost) {
        long fault = System.nanoTime();
        boolean ended = run.awaitExit(FAULT_TO_END.plusSeconds(10));
        Duration took = Duration.ofNanos(System.nanoTime() - fault);
        System.out.printf("[fault 1] %s: ended %.1f s after the fault, exit %s%n", rankOnHost, took.toMillis() / 1000.0,
                ended ? run.status() : "none");

        assertThat(ended).as("ended; output:\n" + run.out() + run.err()).isTrue();
        assertThat(took).as(run.err()).isLessThan(FAULT_TO_END);
        assertThat(run.status()).as(run.err()).isEqualTo(ExitCodes.PEER_FAILED);
        assertThat(run.err().lines().filter(line -> line.startsWith("ncclkit mpirun: error: the run failed: " + rankOnHost)))
                .as(run.err()).hasSize(1);
        List<ProcessHandle> left = run.survivors(Duration.ofSeconds(1));
        assertThat(left).as("processes left on the leader:\n" + RunningProcess.describe(left)).isEmpty();
    }

    @Test
    void aMemberThatVanishesMidRunEndsTheCommandWithinFifteenSecondsWithExit8NamingItAndNothingLeftHere() {
        try (RunningProcess run = holdingRun()) {
            BED.member(3).linkDown();

            endsWithinFifteenSecondsNaming(run, "rank 2 on host node3 went silent");
        }
    }

    @Test
    void losingTheNodeOfRankZeroAndItsRendezvousEndsTheSameWay() {
        try (RunningProcess run = holdingRun()) {
            BED.member(1).linkDown();

            endsWithinFifteenSecondsNaming(run, "rank 0 on host node1 went silent");
        }
    }
}
