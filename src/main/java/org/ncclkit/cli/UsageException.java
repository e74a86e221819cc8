package org.ncclkit.cli;

/** An impossible combination of options, found after parsing; exits with {@link ExitCodes#USAGE}. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
