package org.ncclkit.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
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
    /** What this process exits with once {@link #FAILURE} is set: another rank failed, or this one stalled. */
    private static volatile int exitStatus = ExitCodes.PEER_FAILED;

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

    /** Why this process is stopping because of another rank (empty when it is not). */
    static Optional<RankFailure> failure() {
        return Optional.ofNullable(FAILURE.get());
    }

    /** The exit status of the stop under way ({@link #inProgress}): 8 for another rank's failure, 4 for a stall. */
    static int exitStatus() {
        return exitStatus;
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
        cleanUpAndHalt(List.of(), ExitCodes.PEER_FAILED);
    }

    /**
     * This rank made no progress for -T seconds ({@link StallExit}): says so once, in {@code message}, lets
     * {@code tellOthers} stop the other ranks (quietly: the failure is this rank's own report), runs the clean-up and
     * exits 4. Does nothing if another rank's failure came first: that stop is under way.
     */
    void stalled(String message, Runnable tellOthers) {
        if (!FAILURE.compareAndSet(null, RankFailure.ofRun(message))) {
            return;
        }
        exitStatus = ExitCodes.TIMEOUT;
        err.println("ncclkit: error: " + message);
        err.flush();
        cleanUpAndHalt(List.of(tellOthers), ExitCodes.TIMEOUT);
    }

    private void cleanUpAndHalt(List<Runnable> first, int status) {
        Thread undo = Thread.ofPlatform().daemon().name("ncclkit-abort").start(() -> {
            first.forEach(Runnable::run);
            cleanups.forEach(Runnable::run);
        });
        try {
            undo.join(CLEANUP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(status);
    }
}
