package org.ncclkit.launch;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A node as an SSH destination: {@code [user@]host[:port]}, where an IPv6 address with a port is written in brackets
 * ({@code [fe80::1]:2222}) and one without a port may stand bare ({@code ::1}). The host part is not checked here;
 * {@link HostList} expands Slurm ranges in it.
 */
public record Destination(Optional<String> user, String host, OptionalInt port) {
    public Destination {
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host name is empty");
        }
        if (user.isPresent() && (user.get().isEmpty() || !user.get().matches("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?"))) {
            throw new IllegalArgumentException("'" + user.get() + "' is not a user name");
        }
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port " + port.getAsInt() + " is not between 1 and 65535");
        }
    }

    /** Splits {@code [user@]host[:port]}; a malformed port or user is an {@link IllegalArgumentException} naming it. */
    public static Destination parse(String text) {
        int at = text.indexOf('@');
        Optional<String> user = at < 0 ? Optional.empty() : Optional.of(text.substring(0, at));
        String rest = text.substring(at + 1);
        if (rest.startsWith("[") && rest.indexOf(']') > 0 && rest.substring(0, rest.indexOf(']')).contains(":")) {
            int close = rest.indexOf(']');
            String address = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.isEmpty()) {
                return new Destination(user, address, OptionalInt.empty());
            }
            if (!after.startsWith(":")) {
                throw new IllegalArgumentException("'" + text + "' has '" + after + "' after the address; write [address]:port");
            }
            return new Destination(user, address, port(after.substring(1), text));
        }
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return new Destination(user, rest, OptionalInt.empty());
        }
        if (rest.indexOf(':', colon + 1) >= 0) {
            return new Destination(user, rest, OptionalInt.empty()); // a bare IPv6 address
        }
        return new Destination(user, rest.substring(0, colon), port(rest.substring(colon + 1), text));
    }

    private static OptionalInt port(String digits, String text) {
        if (!digits.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("'" + text + "' has the port '" + digits + "', which is not a number");
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** The same destination for another host name (one name of an expanded range). */
    public Destination withHost(String name) {
        return new Destination(user, name, port);
    }

    /** Whether the host is an IPv6 address, which needs brackets before a port. */
    public boolean isIpv6Address() {
        return host.contains(":");
    }

    /** The destination as it is written: {@code user@host:port}, with only the parts it has. */
    @Override
    public String toString() {
        String hostPart = isIpv6Address() && port.isPresent() ? "[" + host + "]" : host;
        return user.map(name -> name + "@").orElse("") + hostPart + (port.isPresent() ? ":" + port.getAsInt() : "");
    }
}
