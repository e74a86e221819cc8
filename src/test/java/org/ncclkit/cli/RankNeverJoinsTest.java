package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.FreePort;
import org.ncclkit.launch.RunToken;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.RunningProcess;

/**
 * Fault 2 of issue 14: a rank that never connects. Rank 0 used to wait 600 s in silence and exit 8 with no message;
 * now it says who is missing (and where they were started) while it waits, and gives up after the connect timeout with
 * one line naming them. Ranks 0-2 of 4 run here as torchrun would start them; rank 3 is never started.
 */
class RankNeverJoinsTest {
    @Test
    void rankZeroNamesTheMissingRankAndItsHostWhileWaitingAndGivesUpAfterTheConnectTimeout() {
        Map<String, String> run = Map.of("WORLD_SIZE", "4", "LOCAL_WORLD_SIZE", "4", "MASTER_ADDR", "127.0.0.1",
                "MASTER_PORT", Integer.toString(FreePort.find()), "NCCLKIT_RUN_TOKEN", RunToken.random());
        List<RunningProcess> ranks = new ArrayList<>();
        try {
            for (int rank = 0; rank < 3; rank++) {
                Map<String, String> environment = new HashMap<>(run);
                environment.put("RANK", Integer.toString(rank));
                environment.put("LOCAL_RANK", Integer.toString(rank));
                ranks.add(RunningProcess.start(ChildProcess.ncclkit("selftest", "--connect-timeout", "8"), environment));
            }
            for (RunningProcess rank : ranks) {
                assertThat(rank.awaitExit(Duration.ofSeconds(30))).as("rank ends; " + rank.err()).isTrue();
            }
            RunningProcess rank0 = ranks.getFirst();
            System.out.printf("[fault 2] rank 0 ended after %.1f s, exit %d%n", rank0.elapsed().toMillis() / 1000.0,
                    rank0.status());

            assertThat(ranks).extracting(RunningProcess::status).containsOnly(ExitCodes.PEER_FAILED);
            assertThat(rank0.elapsed()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(30)); // its JVM's start included
            String host = Hostname.get();
            List<String> lines = rank0.err().lines().toList();
            assertThat(lines.stream().filter(line -> line.matches("ncclkit: waiting for 1 of 4 ranks to join the "
                    + "rendezvous: 3 \\(host " + host + "\\) \\(\\d s of 8 s\\)"))).as(rank0.err()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(lines).as(rank0.err()).contains("ncclkit: error: 1 of 4 ranks never joined the rendezvous within 8 s:"
                    + " rank 3 (host " + host + ") (not started, or cannot reach rank 0's address?); stopping the run");
        } finally {
            ranks.forEach(RunningProcess::close);
        }
    }
}
