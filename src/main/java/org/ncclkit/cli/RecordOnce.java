package org.ncclkit.cli;

import java.util.function.BiConsumer;

import org.ncclkit.rendezvous.RankFailure;

/**
 * Records a run in the history at most once, however it ends: with its outcome, with its own failure, or with another
 * rank's, which halts this process: that one is recorded from the clean-up that runs before the halt. A second caller
 * waits for the first to finish, so that the halt (after at most {@link PeerFailureExit}'s clean-up time) does not cut
 * a recording short.
 */
final class RecordOnce {
    private boolean done;

    synchronized void record(Runnable recording) {
        if (!done) {
            done = true;
            recording.run();
        }
    }

    /** Another rank's failure records the run as failed: {@code failed} takes the exit status and why. */
    void onPeerFailure(PeerFailureExit peerFailure, BiConsumer<Integer, String> failed) {
        peerFailure.onFailure(() -> record(() -> failed.accept(PeerFailureExit.exitStatus(),
                PeerFailureExit.failure().map(RankFailure::describe).orElse("another rank failed"))));
    }
}
