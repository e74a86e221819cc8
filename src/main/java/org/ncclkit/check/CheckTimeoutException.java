package org.ncclkit.check;

/** A step of a check (the plugin transfer, one pair of check p2p) did not finish within its time limit. */
public final class CheckTimeoutException extends RuntimeException {
    public CheckTimeoutException(String message) {
        super(message);
    }
}
