package org.ncclkit.rendezvous;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final String REPORT_START = "ncclkit: error: ";
    private static final String REPORT_END = "; stopping the run";
    private static final Pattern RANK_PART = Pattern.compile("rank (\\d+) \\(host (.*?), pid (-?\\d+)\\) (.+)");

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

    /** The line one rank prints for the whole run when another rank fails (launchers watch for it). */
    public String reportLine() {
        return REPORT_START + describe() + REPORT_END;
    }

    /** The failure a {@link #reportLine()} stands for, from a line of a rank's standard error; empty for other lines. */
    public static Optional<RankFailure> fromReportLine(String line) {
        String text = line.strip();
        if (!text.startsWith(REPORT_START) || !text.endsWith(REPORT_END)) {
            return Optional.empty();
        }
        String described = text.substring(REPORT_START.length(), text.length() - REPORT_END.length());
        Matcher rank = RANK_PART.matcher(described);
        if (!rank.matches()) {
            return Optional.of(ofRun(described));
        }
        String host = rank.group(2).equals("unknown") ? "" : rank.group(2);
        return Optional.of(new RankFailure(Integer.parseInt(rank.group(1)), host, Long.parseLong(rank.group(3)), rank.group(4)));
    }
}
