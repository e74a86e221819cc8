package org.ncclkit.cli;

import java.util.Optional;

import org.ncclkit.info.Hostname;
import org.ncclkit.launch.RunMembership;
import org.ncclkit.rendezvous.RendezvousAbortedException;

/**
 * Runs a command as one rank of a launched run, or alone when no launcher started it: joins the rendezvous, tells
 * the other ranks when this one fails (and names rank and host in its own error), and leaves the run cleanly.
 */
final class RankSession {
    /** The work of a command, given its membership of the run (empty when alone) and what to do if a peer fails. */
    interface Body {
        int run(Optional<RunMembership> membership, PeerFailureExit peerFailure);
    }

    private RankSession() {
    }

    static int execute(RendezvousOptions options, Body body) {
        PeerFailureExit peerFailure = new PeerFailureExit(System.err);
        Optional<RunMembership> membership = RunMembership.join(System.getenv(), options.address(), options.timeouts(),
                peerFailure);
        membership.ifPresent(m -> {
            peerFailure.reportAs(m.rank().rank());
            peerFailure.onFailure(m::closeServer); // so that rank 0's store passes the failure on before this process ends
        });
        try {
            return body.run(membership, peerFailure);
        } catch (RendezvousAbortedException e) {
            peerFailure.accept(e.failure()); // another rank's failure, seen here first: handled as if the store had said it
            throw e;
        } catch (RuntimeException e) {
            if (membership.isEmpty()) {
                throw e;
            }
            membership.get().abort(e.getMessage());
            throw new RankFailedException(membership.get().rank().rank(), Hostname.get(), e);
        } finally {
            membership.ifPresent(RunMembership::close);
        }
    }
}
