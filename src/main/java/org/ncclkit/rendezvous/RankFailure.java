package org.ncclkit.rendezvous;

/**
 * Why a run was aborted: which rank failed, where it ran, and what happened.
 *
 * @param rank   the rank that failed, or -1 when no single rank is at fault (ranks disagree, a round timed out)
 * @param host   the failed rank's host name as it introduced itself ("" when {@code rank} is -1)
 * @param pid    the failed rank's process id (-1 when {@code rank} is -1)
 * @param reason what happened, starting with a verb phrase: "died: connection lost", "aborted: CUDA error"
 */
public record RankFailure(int rank, String host, long pid, String reason) {

    public RankFailure {
        host = host == null ? "" : host;
        reason = reason == null || reason.isBlank() ? "failed" : reason.strip();
    }

    private static final String ABORTED = "aborted: ";

    /** A rank that failed and said so itself ({@link RendezvousClient#abort}); it has reported its own error. */
    public static RankFailure aborted(int rank, String host, long pid, String why) {
        return new RankFailure(rank, host, pid, ABORTED + why);
    }

    /** Whether the failed rank reported this itself, rather than dying or going silent. */
    public boolean selfReported() {
        return reason.startsWith(ABORTED);
    }

    /** A failure of the run as a whole rather than of one rank (mismatched calls, a round that timed out). */
    public static RankFailure ofRun(String reason) {
        return new RankFailure(-1, "", -1, reason);
    }

    /** One line: "rank 2 (host node-b, pid 4711) died: connection lost", or just the reason for a run failure. */
    public String describe() {
        if (rank < 0) {
            return reason;
        }
        return "rank " + rank + " (host " + (host.isEmpty() ? "unknown" : host) + ", pid " + pid + ") " + reason;
    }
}
