package org.ncclkit.rendezvous;

/** An expected rendezvous failure (unreachable server, refused hello, closed store); the message is one line. */
public class RendezvousException extends RuntimeException {
    public RendezvousException(String message) {
        super(message);
    }

    public RendezvousException(String message, Throwable cause) {
        super(message, cause);
    }
}
