package org.ncclkit.check;

/** A step of the plugin check did not finish within its time limit. */
public final class CheckTimeoutException extends RuntimeException {
    public CheckTimeoutException(String message) {
        super(message);
    }
}
