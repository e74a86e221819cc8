package org.ncclkit.cluster;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.ncclkit.info.Hostname;

/**
 * Which {@code --hosts} entries are the node ncclkit runs on (the leader): its host name, full or short, localhost, or
 * one of its addresses, on port 22. Commands work on the leader here rather than logging in to it over SSH (which
 * would need sshd on the leader and its own key in its own authorized_keys).
 */
public final class ThisNode {
    private final Supplier<String> hostname;
    private final Supplier<Set<String>> addresses;

    public ThisNode(Supplier<String> hostname, Supplier<Set<String>> addresses) {
        this.hostname = hostname;
        this.addresses = addresses;
    }

    public static ThisNode detect() {
        return new ThisNode(Hostname::get, ThisNode::interfaceAddresses);
    }

    /** The name the leader writes for itself in a hosts file: its host name, which every member can look up. */
    public String name() {
        return hostname.get();
    }

    public boolean is(SshTarget target) {
        return target.port() == SshTarget.SSH_PORT && isHost(target.host()); // another port is another SSH server
    }

    /** Whether a host name or address names this node. */
    public boolean isHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        String name = hostname.get().toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.equals(name) || lower.equals(name.split("\\.")[0])
                || addresses.get().contains(normalAddress(lower));
    }

    /** An IP address in the form getHostAddress writes it ({@code ::1} as {@code 0:0:0:0:0:0:0:1}); a name as it is. */
    private static String normalAddress(String host) {
        try {
            return InetAddress.ofLiteral(host).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notAnAddress) {
            return host;
        }
    }

    /** The addresses of this node's interfaces, as getHostAddress writes them, without zone. */
    public static Set<String> interfaceAddresses() {
        Set<String> found = new HashSet<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    String text = address.getHostAddress();
                    int zone = text.indexOf('%');
                    found.add((zone >= 0 ? text.substring(0, zone) : text).toLowerCase(Locale.ROOT));
                }
            }
        } catch (SocketException e) {
            // no interface list: only names can match
        }
        return found;
    }
}
