package org.ncclkit.rendezvous;

/** The run was aborted (a rank failed, the server was lost, ranks disagreed); thrown by pending and later operations. */
public final class RendezvousAbortedException extends RendezvousException {
    private final transient RankFailure failure;

    public RendezvousAbortedException(RankFailure failure) {
        super(failure.describe());
        this.failure = failure;
    }

    public RankFailure failure() {
        return failure;
    }
}
