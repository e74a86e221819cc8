package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ncclkit.testing.InstalledMpirun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ncclkit.testing.ChildProcess;

/**
 * {@code selftest} launched by a real Open MPI {@code mpirun} (Debian's openmpi-bin, installed by .ci/run): rank
 * discovery from Open MPI's variables, a rendezvous derived from the job, and a failed rank stopping the others.
 */
class SelftestUnderMpirunTest {
    private static String mpirun;

    @BeforeAll
    static void needsMpirun() {
        mpirun = InstalledMpirun.pathOrSkip();
    }

    private static List<String> mpirun(int ranks, String... selftestArgs) {
        List<String> command = new ArrayList<>(List.of(mpirun, "--oversubscribe", "-np", Integer.toString(ranks)));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--allow-run-as-root");
        }
        List<String> selftest = new ArrayList<>(List.of("selftest"));
        selftest.addAll(List.of(selftestArgs));
        command.addAll(ChildProcess.ncclkit(selftest.toArray(String[]::new)));
        return command;
    }

    @Test
    void fourRanksFindTheirRanksFromOpenMpiAndMeetWithoutAnyOption() {
        ChildProcess run = ChildProcess.run(mpirun(4), Duration.ofSeconds(90));

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("# ncclkit selftest: 4 ranks launched by Open MPI, rendezvous 127.0.0.1:",
                "identical on every rank", "# all-reduce of the ranks: 6 (expected 6)", "# selftest passed");
        assertThat(run.out().lines().filter(l -> l.matches("#\\s+\\d+\\s+\\d+\\s+\\S+\\s+\\d+"))).hasSize(4);
    }

    @Test
    void aRankKilledUnderMpirunEndsTheWholeJobWithAnErrorNamingIt() {
        ChildProcess run = ChildProcess.run(mpirun(4, "--kill-rank", "2"), Duration.ofSeconds(90));

        assertThat(run.status()).isNotZero();
        assertThat(run.out()).doesNotContain("selftest passed");
        assertThat(run.err() + run.out()).containsPattern("rank 2|process rank 2");
    }

    /** Launched without ncclkit's own launchers, which refuse it before starting anything: rank 0 says it, once. */
    @Test
    void aKillRankOutsideTheRunIsRefusedOnceInsteadOfPassing() {
        ChildProcess run = ChildProcess.run(mpirun(4, "--kill-rank", "7"), Duration.ofSeconds(90));

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).doesNotContain("selftest passed");
        assertThat(run.err().lines().filter(line -> line.startsWith("ncclkit: error: ")))
                .containsExactly("ncclkit: error: --kill-rank 7: this run has 4 ranks, 0 to 3");
    }
}
