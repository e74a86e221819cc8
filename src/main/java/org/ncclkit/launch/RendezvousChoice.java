package org.ncclkit.launch;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import org.ncclkit.rendezvous.RendezvousAddress;

/**
 * Where rank 0's rendezvous store listens when {@code ncclkit mpirun} is not told: an address every node can reach,
 * never a host name that the nodes may resolve to 127.0.0.1 or not at all. Rank 0 runs on the first host (mpirun fills
 * the nodes in order). When that is this node, the address is this node's address on the route to the next node (the
 * interface that reaches the nodes, as NCCL picks its socket interface); otherwise the first host's address as this
 * node resolves it (this node reaches it: mpirun's ssh does). {@code --rendezvous HOST:PORT} overrides.
 */
public final class RendezvousChoice {
    /** The address and why it was chosen, for the line that says so. */
    public record Choice(RendezvousAddress address, String why) {
    }

    /** What this node knows of the network (replaceable in tests). */
    public interface Network {
        /** Whether the name is this node: a loopback name or address, this host's name, an address of its interfaces. */
        boolean isThisNode(String host);

        /** The host's address as this node resolves it (an IP literal), empty where it does not resolve. */
        Optional<String> addressOf(String host);

        /** This node's source address on the route to the host, empty where there is no route or no address. */
        Optional<String> sourceAddressTowards(String host);
    }

    private RendezvousChoice() {
    }

    public static Choice choose(List<HostEntry> hosts, int port, Network network) {
        String first = hosts.getFirst().host();
        if (!network.isThisNode(first)) {
            return network.addressOf(first)
                    .map(address -> new Choice(new RendezvousAddress(address, port), "rank 0 runs on " + first
                            + (address.equals(first) ? "" : ", " + address + " from this node")))
                    .orElseGet(() -> new Choice(new RendezvousAddress(first, port), "rank 0 runs on " + first
                            + ", a name this node cannot resolve: the nodes must"));
        }
        Optional<String> other = hosts.stream().map(HostEntry::host).filter(host -> !network.isThisNode(host)).findFirst();
        if (other.isEmpty()) {
            return new Choice(new RendezvousAddress("127.0.0.1", port), "every rank runs on this node");
        }
        return network.sourceAddressTowards(other.get())
                .map(address -> new Choice(new RendezvousAddress(address, port), "rank 0 runs on this node, and "
                        + address + " is its address on the route to " + other.get()))
                .orElseThrow(() -> new LaunchEnvironmentException("rank 0 runs on this node, but this node has no "
                        + "route to " + other.get() + " (does that name resolve here?); give the address the nodes "
                        + "reach this node at with --rendezvous ADDRESS:PORT"));
    }

    /** This machine's view: name resolution and the kernel's routing table (a UDP socket "connected" sends nothing). */
    public static Network system(String thisHost) {
        return new Network() {
            @Override
            public boolean isThisNode(String host) {
                if (host.equals(thisHost) || host.equals("localhost") || host.equals("localhost.localdomain")) {
                    return true;
                }
                try {
                    for (InetAddress address : InetAddress.getAllByName(host)) {
                        if (address.isLoopbackAddress() || address.isAnyLocalAddress()
                                || NetworkInterface.getByInetAddress(address) != null) {
                            return true;
                        }
                    }
                    return false;
                } catch (UnknownHostException | SocketException e) {
                    return false;
                }
            }

            @Override
            public Optional<String> addressOf(String host) {
                try {
                    return Optional.of(InetAddress.getByName(host).getHostAddress());
                } catch (UnknownHostException e) {
                    return Optional.empty();
                }
            }

            @Override
            public Optional<String> sourceAddressTowards(String host) {
                try (DatagramSocket probe = new DatagramSocket()) {
                    probe.connect(InetAddress.getByName(host), 9);
                    InetAddress local = probe.getLocalAddress();
                    return local == null || local.isAnyLocalAddress() || local.isLoopbackAddress() ? Optional.empty()
                            : Optional.of(local.getHostAddress());
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            }
        };
    }
}
