package org.ncclkit.ras;

/** NCCL's RAS service could not be asked: not listening (NCCL before 2.24, RAS off, no NCCL process here), or silent. */
public final class RasUnavailableException extends Exception {
    public RasUnavailableException(String message) {
        super(message);
    }
}
