package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --hosts values and hostfiles: the seed's hosts file, Open MPI's syntax, Slurm ranges, and the errors. */
class HostListTest {
    @TempDir
    Path dir;

    /** The seed's ~/hosts with its placeholders filled in. */
    static final String SEED_HOSTS = """
            localhost slots=8
            172.31.15.30 slots=8
            172.31.41.36 slots=8
            """;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theSeedsHostsFileGivesThreeNodesOfEightSlots() throws IOException {
        Path hosts = file("hosts", SEED_HOSTS);

        assertThat(HostList.readOpenMpiHostfile(hosts)).containsExactly(HostEntry.of("localhost", 8),
                HostEntry.of("172.31.15.30", 8), HostEntry.of("172.31.41.36", 8));
        assertThat(HostList.parse(hosts.toString())).isEqualTo(HostList.readOpenMpiHostfile(hosts));
    }

    @Test
    void commentsBlankLinesCarriageReturnsAndMaxSlotsAreAccepted() throws IOException {
        Path hosts = file("hosts", "# the cluster\r\n\r\nnode1 slots=8 max_slots=8  # leader\r\n  node2\r\nnode3 max-slots=4\r\n");

        assertThat(HostList.readOpenMpiHostfile(hosts)).containsExactly(HostEntry.of("node1", 8),
                new HostEntry("node2", OptionalInt.empty()), new HostEntry("node3", OptionalInt.empty()));
    }

    @Test
    void aFileGivenToHostsMayUseSlurmRanges() throws IOException {
        Path hosts = file("nodes.txt", "gpu-[001-002] slots=8\nlogin\n");

        assertThat(HostList.parse(hosts.toString())).containsExactly(HostEntry.of("gpu-001", 8), HostEntry.of("gpu-002", 8),
                HostEntry.of("login"));
    }

    @Test
    void aHostfileForMpirunRefusesRangesOpenMpiWouldNotExpand() throws IOException {
        Path hosts = file("hosts", "node1 slots=8\nnode[2-3] slots=8\n");

        assertThatThrownBy(() -> HostList.readOpenMpiHostfile(hosts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(hosts + " line 2: 'node[2-3]' is a host list, which Open MPI's --hostfile does not expand; "
                        + "give the file with --hosts instead, or one host per line");
    }

    @Test
    void aListThatIsNotAFileIsExpanded() {
        assertThat(HostList.parse("node[1-2],login")).containsExactly(HostEntry.of("node1"), HostEntry.of("node2"),
                HostEntry.of("login"));
    }

    @Test
    void aPathThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> HostList.parse(dir.resolve("missing").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hosts file " + dir.resolve("missing") + ": no such file");
    }

    @Test
    void anUnknownAttributeIsAnErrorNamingTheLine() throws IOException {
        Path hosts = file("hosts", "node1 slots=8\nnode2 slot=8\n");

        assertThatThrownBy(() -> HostList.readOpenMpiHostfile(hosts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(hosts + " line 2: 'slot=8' is not slots=N or max_slots=N");
    }

    @Test
    void zeroOrNonNumericSlotsAreErrors() {
        assertThatThrownBy(() -> HostList.parseLines("node1 slots=0\n", "hosts", false))
                .hasMessage("hosts line 1: 'slots=0' needs a whole number of 1 or more");
        assertThatThrownBy(() -> HostList.parseLines("node1 slots=eight\n", "hosts", false))
                .hasMessage("hosts line 1: 'slots=eight' needs a whole number of 1 or more");
    }

    @Test
    void aLineThatStartsWithAnAttributeIsAnError() {
        assertThatThrownBy(() -> HostList.parseLines("slots=8 node1\n", "hosts", false))
                .hasMessage("hosts line 1: 'slots=8 node1' does not start with a host name");
    }

    @Test
    void aHostTwiceIsAnErrorNamingBothLines() {
        assertThatThrownBy(() -> HostList.parseLines("node1 slots=8\nnode2 slots=8\nnode1 slots=8\n", "hosts", false))
                .hasMessage("host node1 appears twice on lines 1 and 3 of hosts; each node is listed once "
                        + "(give it slots=N for several processes)");
        assertThatThrownBy(() -> HostList.parse("n[1-2],n2")).hasMessageStartingWith("host n2 appears twice in n[1-2],n2");
    }

    @Test
    void aFileWithoutHostsIsAnError() throws IOException {
        Path hosts = file("hosts", "# nothing yet\n\n");

        assertThatThrownBy(() -> HostList.readOpenMpiHostfile(hosts)).hasMessage("hosts file " + hosts + " names no host");
    }

    @Test
    void aFolderIsRefusedAsAHostsFileNamingIt() {
        assertThatThrownBy(() -> HostList.readOpenMpiHostfile(dir)).hasMessage("hosts file " + dir + ": it is a directory, not a file");
    }

    @Test
    void sshDestinationsKeepTheirUserAndPortOnEveryNameOfARange() {
        assertThat(HostList.parseDestinations("admin@gpu-[01-02]:2222,login,[::1]:2200")).containsExactly(
                HostEntry.of("admin@gpu-01:2222"), HostEntry.of("admin@gpu-02:2222"), HostEntry.of("login"),
                HostEntry.of("[::1]:2200"));
    }

    @Test
    void aHostfileOfDestinationsKeepsItsSlots() throws IOException {
        Path hosts = file("hosts", "me@node[1-2]:2222 slots=8\nnode3\n");

        assertThat(HostList.parseDestinations(hosts.toString())).containsExactly(HostEntry.of("me@node1:2222", 8),
                HostEntry.of("me@node2:2222", 8), new HostEntry("node3", OptionalInt.empty()));
    }

    @Test
    void theSameHostOnTwoPortsIsTwoNodesButTheSameDestinationTwiceIsAnError() {
        assertThat(HostList.parseDestinations("127.0.0.1:2201,127.0.0.1:2202")).hasSize(2);
        assertThatThrownBy(() -> HostList.parseDestinations("a@n1:22,a@n1:22")).hasMessageStartingWith("host a@n1:22 appears twice");
    }

    @Test
    void plainHostListsStillRefuseUsersAndPorts() {
        assertThatThrownBy(() -> HostList.parse("admin@node1")).hasMessageContaining("'@', which is not part of a host name");
        assertThatThrownBy(() -> HostList.parseDestinations("node1:x")).hasMessageContaining("is not a number");
    }
}
