package org.ncclkit.cli;

/** A failure of one rank of a multi-process run: the message names the rank and host; the exit code is the cause's. */
final class RankFailedException extends RuntimeException {
    RankFailedException(int rank, String host, RuntimeException cause) {
        super("rank " + rank + " (host " + host + "): " + cause.getMessage(), cause);
    }
}
