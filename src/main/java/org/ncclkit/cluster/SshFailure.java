package org.ncclkit.cluster;

/**
 * Why one host could not be reached or used, in one line for a table row; no stack trace is ever shown for it.
 * {@link Kind} lets callers tell an unreachable host from a refused login or a changed host key.
 */
public final class SshFailure extends RuntimeException {
    public enum Kind {
        /** No TCP connection or no SSH server answering. */
        UNREACHABLE,
        /** The server refused every key, the agent's keys and the password. */
        AUTHENTICATION,
        /** The host's key differs from the one in known_hosts. */
        HOST_KEY_CHANGED,
        /** The per-host time limit passed. */
        TIMEOUT,
        /** Connected and logged in, but the remote side did not do what was asked. */
        REMOTE,
        /** Anything else in the SSH conversation. */
        PROTOCOL
    }

    private final Kind kind;
    private final String serverMethods;

    public SshFailure(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public SshFailure(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    SshFailure(Kind kind, String message, Throwable cause, String serverMethods) {
        super(message, cause);
        this.kind = kind;
        this.serverMethods = serverMethods;
    }

    public Kind kind() {
        return kind;
    }

    /** After a refused login: whether the server would have taken a password, which was not given. */
    public boolean passwordWouldBeTried() {
        return serverMethods != null && (serverMethods.contains("password") || serverMethods.contains("keyboard-interactive"));
    }
}
