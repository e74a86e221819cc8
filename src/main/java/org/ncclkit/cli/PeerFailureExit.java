package org.ncclkit.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.ncclkit.rendezvous.RankFailure;

/**
 * What a rank does when another rank of its run fails or rank 0's store is lost: runs the command's clean-up
 * (ncclCommAbort) for at most a few seconds and exits with {@link ExitCodes#PEER_FAILED}. It never waits on the dead
 * rank: a collective that can no longer complete would hang forever. A failure is reported once: by the failed rank
 * itself when it could, else (a death, a silence) by rank 0, or by rank 1 when rank 0 is the one that died.
 */
final class PeerFailureExit implements Consumer<RankFailure> {
    /** Enough to abort the communicators and for rank 0's store to pass the news on (it waits up to 2 s). */
    private static final long CLEANUP_MILLIS = 5_000;
    private static final AtomicReference<RankFailure> FAILURE = new AtomicReference<>();

    private final PrintStream err;
    private final List<Runnable> cleanups = new CopyOnWriteArrayList<>();
    private volatile int myRank = -1;

    PeerFailureExit(PrintStream err) {
        this.err = err;
    }

    /** Whether this process is stopping because of another rank (its own errors are then consequences, not news). */
    static boolean inProgress() {
        return FAILURE.get() != null;
    }

    /** This process's rank, which decides whether it is the one that reports a failure. */
    void reportAs(int rank) {
        this.myRank = rank;
    }

    /** Something to undo before exiting, in the order given: aborting NCCL communicators, closing rank 0's store. */
    void onFailure(Runnable cleanup) {
        cleanups.add(cleanup);
    }

    @Override
    public void accept(RankFailure failure) {
        if (!FAILURE.compareAndSet(null, failure)) {
            return;
        }
        if (!failure.selfReported() && myRank == (failure.rank() == 0 ? 1 : 0)) {
            err.println(failure.reportLine());
            err.flush();
        }
        Thread undo = Thread.ofPlatform().daemon().name("ncclkit-abort").start(() -> cleanups.forEach(Runnable::run));
        try {
            undo.join(CLEANUP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(ExitCodes.PEER_FAILED);
    }
}
