package org.ncclkit.results;

/** A file that holds no results ncclkit can read; the message names the file and what was wrong with it. */
public final class ResultsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResultsFormatException(String message) {
        super(message);
    }
}
