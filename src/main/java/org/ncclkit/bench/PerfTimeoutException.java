package org.ncclkit.bench;

/** A test ran past {@code -T} seconds; the communicators were aborted. Exits 4 as in nccl-tests. */
public final class PerfTimeoutException extends RuntimeException {
    public PerfTimeoutException(int seconds, String what) {
        super("Test timeout (" + seconds + "s) during " + what + "; communicators aborted");
    }
}
