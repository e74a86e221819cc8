package org.ncclkit.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.sun.management.UnixOperatingSystemMXBean;

/** 4096 ranks as threads of this JVM: every one connects and gets the right data (timings: RendezvousBenchmark). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RendezvousScaleTest {
    private static final int RANKS = 4096;

    @Test
    void fourThousandNinetySixRanksConnectBroadcastMeetAtABarrierAndGatherToRankZero() {
        long openFiles = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        Assumptions.assumeTrue(openFiles >= 2L * RANKS + 200,
                () -> RANKS + " ranks need " + (2 * RANKS + 200) + " open files; ulimit -n is " + openFiles);

        // Default 1 s heartbeats: at 200 ms, 8192 connections in one JVM spend this machine's 2 cores on keep-alives.
        try (ThreadRanks run = new ThreadRanks(RANKS, RendezvousTimeouts.defaults())) {
            byte[] id = RendezvousProbe.uniqueId();

            List<List<byte[]>> gathered = run.onEach(rank -> {
                RendezvousClient c = run.client(rank);
                byte[] received = c.broadcast(0, rank == 0 ? id : null);
                c.barrier();
                List<byte[]> lines = c.gather(0, RendezvousCollectivesTest.bytes("line of " + rank));
                return java.util.Arrays.equals(received, id) ? lines : null;
            });

            assertThat(gathered).as("every rank got rank 0's 128 bytes").doesNotContainNull();
            assertThat(gathered.getFirst()).extracting(RendezvousCollectivesTest::text)
                    .containsExactlyElementsOf(RendezvousCollectivesTest.expectedLines(RANKS));
            assertThat(gathered.subList(1, RANKS)).allSatisfy(lines -> assertThat(lines).isEmpty());
            assertThat(run.aborts).isEmpty();
        }
    }
}
