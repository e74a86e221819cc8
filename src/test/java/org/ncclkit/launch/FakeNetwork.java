package org.ncclkit.launch;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A network as a node would see it, for the rendezvous choice: which names are this node, what other names resolve
 * to (an IPv4 literal resolves to itself), and this node's source address on the route to each host.
 */
public record FakeNetwork(Set<String> thisNode, Map<String, String> addresses, Map<String, String> routes)
        implements RendezvousChoice.Network {
    @Override
    public boolean isThisNode(String host) {
        return thisNode.contains(host);
    }

    @Override
    public Optional<String> addressOf(String host) {
        return host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? Optional.of(host) : Optional.ofNullable(addresses.get(host));
    }

    @Override
    public Optional<String> sourceAddressTowards(String host) {
        return Optional.ofNullable(routes.get(host));
    }
}
