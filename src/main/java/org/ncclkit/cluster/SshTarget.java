package org.ncclkit.cluster;

import java.util.List;

import org.ncclkit.launch.Destination;
import org.ncclkit.launch.HostEntry;
import org.ncclkit.launch.HostList;

/**
 * One node to reach over SSH: who to log in as, where, and the label that names it in output (the host as the
 * {@code --hosts} value wrote it, {@code user@host:port} parts included only where given).
 */
public record SshTarget(String label, String user, String host, int port) {
    public static final int SSH_PORT = 22;

    /** The nodes of a {@code --hosts} value, with the default user and port where a host names none. */
    public static List<SshTarget> parseAll(String hosts, String defaultUser, int defaultPort) {
        return HostList.parseDestinations(hosts).stream().map(entry -> of(entry, defaultUser, defaultPort)).toList();
    }

    public static SshTarget of(HostEntry entry, String defaultUser, int defaultPort) {
        Destination destination = Destination.parse(entry.host());
        return new SshTarget(entry.host(), destination.user().orElse(defaultUser), destination.host(),
                destination.port().orElse(defaultPort));
    }

    /** How OpenSSH names this host in known_hosts: the host alone on port 22, else {@code [host]:port}. */
    public String knownHostsName() {
        return port == SSH_PORT ? host : "[" + host + "]:" + port;
    }

    @Override
    public String toString() {
        return label;
    }
}
