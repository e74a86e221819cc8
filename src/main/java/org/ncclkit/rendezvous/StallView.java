package org.ncclkit.rendezvous;

/**
 * The rendezvous server's answer to a rank that made no progress ({@link RendezvousClient#stallView}).
 *
 * @param reporter the rank that reports the stall to the user: the first to ask (several ranks time out at once, and
 *                 one message is enough), or -1 when the run is already stopping for another reason
 * @param text     whom the run waits for: "waiting for rank 2 (host h, pid 4711) has not reached ...", or why no view
 */
public record StallView(int reporter, String text) {
}
