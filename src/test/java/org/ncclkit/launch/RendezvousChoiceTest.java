package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ncclkit.rendezvous.RendezvousAddress;

/** The default rendezvous is an address the nodes reach, never a name they may resolve to loopback or not at all. */
class RendezvousChoiceTest {
    private static final FakeNetwork LEADER = new FakeNetwork(Set.of("localhost", "vm", "127.0.0.1"),
            Map.of("node1", "10.213.0.11", "node2", "10.213.0.12"), Map.of("node1", "10.213.0.1", "node2", "10.213.0.1"));

    private static List<HostEntry> hosts(String... names) {
        return List.of(names).stream().map(HostEntry::of).toList();
    }

    @Test
    void whenRankZeroRunsHereItIsThisNodesAddressOnTheRouteToTheNextNode() {
        RendezvousChoice.Choice choice = RendezvousChoice.choose(hosts("localhost", "node2"), 41234, LEADER);

        assertThat(choice.address()).isEqualTo(new RendezvousAddress("10.213.0.1", 41234));
        assertThat(choice.why()).isEqualTo("rank 0 runs on this node, and 10.213.0.1 is its address on the route to node2");
        assertThat(RendezvousChoice.choose(hosts("vm", "vm", "node1"), 1, LEADER).address().host()).isEqualTo("10.213.0.1");
    }

    @Test
    void whenRankZeroRunsOnAnotherNodeItIsThatNodesAddressAsResolvedHere() {
        RendezvousChoice.Choice choice = RendezvousChoice.choose(hosts("node1", "localhost"), 41234, LEADER);

        assertThat(choice.address()).isEqualTo(new RendezvousAddress("10.213.0.11", 41234));
        assertThat(choice.why()).isEqualTo("rank 0 runs on node1, 10.213.0.11 from this node");
    }

    @Test
    void aNameThisNodeCannotResolveIsLeftForTheNodesAndEveryRankHereMeetsOnLoopback() {
        assertThat(RendezvousChoice.choose(hosts("gpu-001", "gpu-002"), 1, LEADER).address().host()).isEqualTo("gpu-001");
        assertThat(RendezvousChoice.choose(hosts("localhost"), 7, LEADER).address())
                .isEqualTo(new RendezvousAddress("127.0.0.1", 7));
    }

    @Test
    void rankZeroHereWithNoRouteToTheOthersIsAnErrorThatSaysWhatToGive() {
        assertThatThrownBy(() -> RendezvousChoice.choose(hosts("localhost", "nowhere"), 1, LEADER))
                .isInstanceOf(LaunchEnvironmentException.class)
                .hasMessage("rank 0 runs on this node, but this node has no route to nowhere (does that name resolve "
                        + "here?); give the address the nodes reach this node at with --rendezvous ADDRESS:PORT");
    }

    @Test
    void thisMachinesNetworkKnowsLoopbackAndItsOwnName() {
        RendezvousChoice.Network network = RendezvousChoice.system("this-host");

        assertThat(network.isThisNode("localhost")).isTrue();
        assertThat(network.isThisNode("127.0.0.5")).isTrue();
        assertThat(network.isThisNode("this-host")).isTrue();
        assertThat(network.isThisNode("192.0.2.250")).isFalse();
        assertThat(network.addressOf("127.0.0.1")).contains("127.0.0.1");
        assertThat(network.sourceAddressTowards("127.0.0.1")).as("loopback is no address for other nodes").isEmpty();
    }
}
