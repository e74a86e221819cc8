package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slurm's host-list syntax, expanded as scontrol show hostnames does. */
class SlurmNodeListTest {

    @Test
    void aRangeKeepsTheZeroPaddingOfItsLowerBound() {
        List<String> nodes = SlurmNodeList.expand("node[01-16]");

        assertThat(nodes).hasSize(16).startsWith("node01", "node02").contains("node09", "node10").endsWith("node15", "node16");
    }

    @Test
    void rangesAndSingletonsInABracketAndPlainNamesAfterIt() {
        assertThat(SlurmNodeList.expand("a[1-3,7],b5")).containsExactly("a1", "a2", "a3", "a7", "b5");
    }

    @Test
    void aBracketInTheMiddleOfTheName() {
        assertThat(SlurmNodeList.expand("gpu-[001-004]-x")).containsExactly("gpu-001-x", "gpu-002-x", "gpu-003-x", "gpu-004-x");
    }

    @Test
    void severalBracketGroupsGiveEveryCombinationFirstGroupSlowest() {
        assertThat(SlurmNodeList.expand("rack[1-2]-n[1-2]")).containsExactly("rack1-n1", "rack1-n2", "rack2-n1", "rack2-n2");
    }

    @Test
    void withoutPaddingNumbersGrowInWidth() {
        assertThat(SlurmNodeList.expand("n[8-11]")).containsExactly("n8", "n9", "n10", "n11");
        assertThat(SlurmNodeList.expand("n[08-11]")).containsExactly("n08", "n09", "n10", "n11");
    }

    @Test
    void plainCommaListsAndAddressesPassThrough() {
        assertThat(SlurmNodeList.expand("h1, h2,172.31.41.36")).containsExactly("h1", "h2", "172.31.41.36");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "node[01-        | host list 'node[01-' has a '[' without its ']'",
        "node]1          | host list 'node]1' has a ']' without its '['",
        "node[[1]]       | host list 'node[[1]]' has a '[' inside brackets",
        "node[a-b]       | host list 'node[a-b]' has '[a-b]': 'a-b' is not a number or a range like 01-16",
        "node[5-3]       | host list 'node[5-3]' has the range 5-3, which runs backwards",
        "node[]          | host list 'node[]' has '[]': '' is not a number or a range like 01-16",
        "'a,,b'          | host list 'a,,b' has an empty name",
        "user@host       | host list 'user@host' has '@', which is not part of a host name",
        "n[0-99999999]   | host list 'n[0-99999999]' expands to more than 100000 names",
    })
    void malformedListsAreErrorsNamingTheListAndTheProblem(String list, String message) {
        assertThatThrownBy(() -> SlurmNodeList.expand(list)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void compressingGroupsTrailingNumbersIntoPaddedRanges() {
        assertThat(SlurmNodeList.compress(List.of("node01", "node02", "node03", "login", "node05"))).isEqualTo("node[01-03,05],login");
        assertThat(SlurmNodeList.compress(List.of("n8", "n9", "n10", "n11"))).isEqualTo("n[8-11]");
        assertThat(SlurmNodeList.compress(List.of("n08", "n9"))).isEqualTo("n[08,9]");
        assertThat(SlurmNodeList.compress(List.of("solo1"))).isEqualTo("solo1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            node[01-16]
            a[1-3,7],b5
            gpu-[001-004]-x,gpu-[098-102]
            172.31.15.[30-31],login
            """)
    void whatCompressGivesExpandsBackToTheSameNames(String list) {
        List<String> names = SlurmNodeList.expand(list);

        assertThat(SlurmNodeList.expand(SlurmNodeList.compress(names))).containsExactlyInAnyOrderElementsOf(names);
    }
}
