package org.ncclkit.rendezvous;

/** Where rank 0's rendezvous store listens: a host name or address and a TCP port. */
public record RendezvousAddress(String host, int port) {

    public RendezvousAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("rendezvous host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("rendezvous port " + port + " is outside 0-65535");
        }
    }

    /** Parses {@code host:port} (an IPv6 address in brackets: {@code [::1]:29500}). */
    public static RendezvousAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("rendezvous address '" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new RendezvousAddress(host, Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rendezvous address '" + text + "' has no numeric port");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
