package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A process's index on its host, which decides its first GPU. */
class RunMembershipTest {
    private static List<byte[]> hosts(String... identities) {
        return List.of(identities).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void processesOfOneHostCountUpInRankOrder() {
        List<byte[]> identities = hosts("a/", "b/", "a/", "b/", "a/");

        assertThat(List.of(0, 1, 2, 3, 4)).map(r -> RunMembership.indexAmong(identities, r)).containsExactly(0, 0, 1, 1, 2);
    }

    @Test
    void aDifferentNcclHostIdMakesADifferentHostOnTheSameMachine() {
        List<byte[]> identities = hosts("vm/node0", "vm/node1");

        assertThat(RunMembership.indexAmong(identities, 1)).isZero();
    }
}
