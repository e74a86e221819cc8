package org.ncclkit.cli;

import java.util.Optional;

import org.ncclkit.info.Hostname;
import org.ncclkit.launch.RankEnv;
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
        // known before joining, so that a run that fails while ranks join (one never comes) is reported once, by rank 0
        RankEnv.discover(System.getenv()).ifPresent(rank -> peerFailure.reportAs(rank.rank()));
        Optional<RunMembership> membership;
        try {
            membership = RunMembership.join(System.getenv(), options.address(), options.timeouts(), peerFailure);
        } catch (RendezvousAbortedException e) {
            peerFailure.accept(e.failure());
            throw e;
        }
        membership.ifPresent(m -> {
            singleCpuWarning(Runtime.getRuntime().availableProcessors(), m.rank().rank()).ifPresent(System.err::println);
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

    /** Whether this process writes a run's result files: rank 0 of a launched run, or a process alone. */
    static boolean writesResults() {
        try {
            return RankEnv.discover(System.getenv()).map(rank -> rank.rank() == 0).orElse(true);
        } catch (RuntimeException inconsistent) {
            return true; // the rendezvous reports the launcher's variables; the check is cheap either way
        }
    }

    /**
     * A rank held to one CPU (plain {@code mpirun -np 2} binds each rank to a core) shares it between its polling
     * thread and NCCL's proxy thread, and operations that take microseconds take milliseconds: say so up front.
     */
    static Optional<String> singleCpuWarning(int cpus, int rank) {
        return cpus > 1 ? Optional.empty() : Optional.of("ncclkit: warning: rank " + rank + " may use only 1 CPU (the launcher"
                + " bound it to one core?); NCCL's threads and this rank's share it and operations slow to milliseconds:"
                + " pass --bind-to none to mpirun (ncclkit mpirun does), or --cpu-bind=none to srun");
    }
}
