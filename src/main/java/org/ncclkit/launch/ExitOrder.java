package org.ncclkit.launch;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The exit statuses of a local run's ranks in the order they ended, and what they mean for the whole run. */
final class ExitOrder {
    /** The run's status when the rank that caused its failure had to be killed: cli's ExitCodes.TIMEOUT. */
    static final int STALLED_STATUS = 4;

    private final int[] status;
    private final List<Integer> order = new ArrayList<>();
    private final TreeSet<Integer> killed = new TreeSet<>();
    private long firstFailureNanos;

    ExitOrder(int ranks) {
        this.status = new int[ranks];
    }

    synchronized void record(int rank, int exitStatus) {
        status[rank] = exitStatus;
        order.add(rank);
        if (exitStatus != 0 && firstFailureNanos == 0) {
            firstFailureNanos = System.nanoTime();
        }
    }

    /** Marks a rank that the launcher had to kill because it did not stop after another failed. */
    synchronized void killed(int rank) {
        killed.add(rank);
    }

    /** Milliseconds since the first rank failed; 0 while none has. */
    synchronized long firstFailureMillisAgo() {
        return firstFailureNanos == 0 ? 0 : (System.nanoTime() - firstFailureNanos) / 1_000_000;
    }

    /**
     * 0 when every rank succeeded, else the status of the rank that caused the failure: the first to fail for a reason
     * of its own (a rank that stopped because another failed may well exit before the one that failed).
     */
    synchronized int status() {
        int first = firstFailed();
        return first < 0 ? 0 : stalled(first) ? STALLED_STATUS : status[first];
    }

    /**
     * Whether the rank that caused the failure is one the launcher killed: it never ended by itself (stopped or hung,
     * as a rank that went silent), so the run timed out on it rather than died of its signal.
     */
    private boolean stalled(int rank) {
        return killed.contains(rank) && killedBySignal(status[rank]);
    }

    /**
     * Says how the failed rank ended when it was killed by a signal (a rank that exited has said why itself), and
     * which ranks had to be killed after the grace period.
     */
    synchronized void report(PrintWriter err) {
        int first = firstFailed();
        if (first < 0 || (!killedBySignal(status[first]) && killed.isEmpty())) {
            return;
        }
        String killedRanks = "killed ranks " + killed + " that did not stop within the grace period";
        err.println("ncclkit: error: " + (stalled(first)
                ? killedRanks + " (exit " + STALLED_STATUS + ": rank " + first + " had stopped or hung)"
                : "rank " + first + " failed (" + describe(status[first]) + ")" + (killed.isEmpty() ? "" : "; " + killedRanks)));
        err.flush();
    }

    private int firstFailed() {
        return order.stream().filter(r -> status[r] != 0 && status[r] != RunMembership.PEER_FAILED_STATUS).findFirst()
                .or(() -> order.stream().filter(r -> status[r] != 0).findFirst()).orElse(-1);
    }

    /** "exit status 3", or "killed by signal 9" for Java's 128 + signal. */
    static String describe(int exitStatus) {
        return killedBySignal(exitStatus) ? "killed by signal " + (exitStatus - 128) : "exit status " + exitStatus;
    }

    private static boolean killedBySignal(int exitStatus) {
        return exitStatus > 128 && exitStatus < 160;
    }
}
