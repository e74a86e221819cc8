package org.ncclkit.ras;

import java.util.Map;
import java.util.Optional;

/**
 * Where this node's NCCL RAS service listens for clients, read as NCCL reads it: {@code NCCL_RAS_ADDR}
 * ({@code host:port}, {@code [v6]:port}) or {@code localhost:28028}; none when {@code NCCL_RAS_ENABLE=0}.
 */
public record RasAddress(String host, int port) {
    public static final int DEFAULT_PORT = 28028;

    /** The address NCCL's processes on this node use, or empty when RAS is switched off. */
    public static Optional<RasAddress> of(Map<String, String> env) {
        if ("0".equals(env.getOrDefault("NCCL_RAS_ENABLE", "").strip())) {
            return Optional.empty();
        }
        String value = env.getOrDefault("NCCL_RAS_ADDR", "").strip();
        if (value.isEmpty()) {
            return Optional.of(new RasAddress("localhost", DEFAULT_PORT));
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0 || colon == value.length() - 1) {
            return Optional.of(new RasAddress(unbracket(value), DEFAULT_PORT));
        }
        try {
            String host = value.substring(0, colon);
            return Optional.of(new RasAddress(unbracket(host.isEmpty() ? "localhost" : host),
                    Integer.parseInt(value.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.of(new RasAddress(unbracket(value), DEFAULT_PORT)); // an IPv6 address without a port
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
