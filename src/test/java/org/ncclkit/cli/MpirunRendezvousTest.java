package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.launch.FreePort;
import org.ncclkit.testing.BuildLauncher;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.Commands;
import org.ncclkit.testing.InstalledMpirun;
import org.ncclkit.testing.TestBed;

/**
 * Fault 3 of issue 14 on the test bed: the rendezvous address. The members cannot resolve the leader's host name, so
 * a rank 0 on the leader must be reached at the leader's address on the members' network; and a node that cannot
 * reach the rendezvous is named.
 */
class MpirunRendezvousTest {
    @RegisterExtension
    static final TestBed BED = TestBed.members(3);

    @TempDir
    static Path shared;
    private static Path home;

    @BeforeAll
    static void launcher() {
        InstalledMpirun.pathOrSkip();
        home = BuildLauncher.create(shared.resolve("ncclkit"));
    }

    private static ChildProcess mpirun(String... arguments) {
        Map<String, String> environment = new HashMap<>(BED.mpirunEnvironment());
        environment.put("NCCLKIT_HOME", home.toString());
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/ncclkit").toString(), "mpirun"));
        command.addAll(List.of(arguments));
        return ChildProcess.run(BED.onLeader(command), Duration.ofSeconds(90), environment); // the leader resolves the members
    }

    @Test
    void rankZeroOnTheLeaderIsReachedAtItsAddressOnTheMembersNetworkNotAtItsName() {
        ChildProcess run = mpirun("--hosts", "localhost,node2,node3", "--gpus-per-node", "1", "--", "selftest");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("ncclkit mpirun: rendezvous " + BED.leaderAddress() + ":",
                "(rank 0 runs on this node, and " + BED.leaderAddress() + " is its address on the route to node2;");
        assertThat(run.out()).contains("rendezvous " + BED.leaderAddress() + ":", "# selftest passed");
        assertThat(run.out().lines().filter(line -> line.matches("#\\s+\\d+\\s+0\\s+node[23]\\s+\\d+"))).hasSize(2);
    }

    @Test
    void aNodeThatCannotReachTheRendezvousIsNamedWithinTheConnectTimeout() {
        String second = BED.leaderAddress().replaceAll("\\.1$", ".2"); // a leader address that node3 cannot reach
        Commands.run("ip", "addr", "add", second + "/32", "dev", BED.bridge());
        try {
            BED.member(3).unreachable(second);

            ChildProcess run = mpirun("--hosts", "localhost,node2,node3", "--gpus-per-node", "1", "--rendezvous",
                    second + ":" + FreePort.find(), "--", "selftest", "--connect-timeout", "8");

            System.out.printf("[fault 3] unreachable rendezvous: exit %d after %.1f s%n", run.status(),
                    run.took().toMillis() / 1000.0);
            assertThat(run.status()).isEqualTo(ExitCodes.PEER_FAILED);
            assertThat(run.took()).isLessThan(Duration.ofSeconds(30));
            assertThat(run.err()).contains("rank 2 (host node3) could not reach the rendezvous at " + second + ":");
        } finally {
            Commands.status("ip", "addr", "del", second + "/32", "dev", BED.bridge());
        }
    }
}
