package org.ncclkit.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.ncclkit.bench.StallHandler;
import org.ncclkit.bench.StallWatchdog;
import org.ncclkit.launch.RunMembership;
import org.ncclkit.ras.RasAddress;
import org.ncclkit.ras.RasClient;
import org.ncclkit.ras.RasUnavailableException;
import org.ncclkit.rendezvous.StallView;

/**
 * What a rank does when its -T runs out: names the ranks the run waits for, from NCCL's RAS on this node and from the
 * rendezvous' own view (who has not reached the round under way, who has gone silent), in one line. Several ranks
 * time out at once: the first to ask the rendezvous reports (and exits 4), the others stop quietly when its abort
 * reaches them (exit 8). Both questions are asked at once and bounded, so that every rank has ended within -T + 10 s.
 */
final class StallExit implements StallHandler {
    /** For the whole RAS query; RAS is told to give up on an unresponsive peer after {@link #RAS_PEER_SECONDS}. */
    private static final Duration RAS_BUDGET = Duration.ofSeconds(3);
    private static final int RAS_PEER_SECONDS = 1;
    private static final Duration VIEW_WAIT = Duration.ofSeconds(2);
    /** How long a rank that does not report waits for the reporter's abort before it reports itself. */
    private static final Duration OTHER_REPORT_WAIT = RAS_BUDGET.plusSeconds(3);

    private final PeerFailureExit stop;
    private final Optional<RunMembership> membership;
    private final Map<String, String> env;

    StallExit(PeerFailureExit stop, Optional<RunMembership> membership, Map<String, String> env) {
        this.stop = stop;
        this.membership = membership;
        this.env = env;
    }

    /** A -T watchdog ({@code seconds} 0: none) whose stall ends the run through a StallExit. */
    static StallWatchdog watchdog(int seconds, PeerFailureExit stop, Optional<RunMembership> membership) {
        return StallWatchdog.start(Duration.ofSeconds(seconds), new StallExit(stop, membership, System.getenv()),
                steps -> membership.ifPresent(m -> m.client().reportProgress(steps)));
    }

    @Override
    public void stalled(String step, Duration quiet) {
        CompletableFuture<String> ras = CompletableFuture.supplyAsync(this::askRas);
        Optional<StallView> view = membership.map(m -> m.client().stallView(step, quiet, VIEW_WAIT));
        int me = membership.map(m -> m.rank().rank()).orElse(0);
        int reporter = view.map(StallView::reporter).orElse(me);
        if (reporter != me && !awaitOtherReport(reporter)) {
            return; // the run is stopping already: that stop ends this process
        }
        String message = message(step, quiet, view.map(StallView::text), ras.join());
        stop.stalled(message, () -> membership.ifPresent(m -> m.abort(message)));
    }

    /**
     * Another rank reports the stall, and its abort will end this process; if it has not come after a while (that
     * rank died too), this rank reports instead: returns true.
     */
    private static boolean awaitOtherReport(int reporter) {
        if (reporter < 0) {
            return false;
        }
        try {
            Thread.sleep(OTHER_REPORT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** "Test timeout (20s): no progress for 20 s during ...; waiting for rank 2 (...); NCCL RAS: ...". */
    static String message(String step, Duration quiet, Optional<String> view, String ras) {
        List<String> parts = new ArrayList<>();
        parts.add("Test timeout (" + quiet.toSeconds() + "s): no progress for " + quiet.toSeconds() + " s during " + step);
        view.ifPresent(parts::add);
        parts.add(ras);
        return String.join("; ", parts);
    }

    private String askRas() {
        Optional<RasAddress> address = RasAddress.of(env);
        if (address.isEmpty()) {
            return "NCCL RAS is off (NCCL_RAS_ENABLE=0)";
        }
        try {
            return RasClient.status(address.get(), RAS_BUDGET, RAS_PEER_SECONDS).describe();
        } catch (RasUnavailableException e) {
            return "NCCL RAS not asked: " + e.getMessage();
        }
    }
}
