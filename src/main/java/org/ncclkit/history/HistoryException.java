package org.ncclkit.history;

/** The history could not be opened, read or written; the message says which store and why. */
public final class HistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(message);
    }
}
