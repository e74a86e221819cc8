package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** nccl-tests' NCCL_TESTS_SPLIT and NCCL_TESTS_SPLIT_MASK, read as its run() reads them. */
class SplitRuleTest {

    private static int[] colors(String mask, String rule, int processes) {
        return IntStream.range(0, processes).map(p -> SplitRule.color(mask, rule, p)).toArray();
    }

    @Test
    void andSevenOnSixteenProcessesMakesEightGroupsOfOneGpuPerNode() {
        assertThat(colors(null, "AND 0x7", 16)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(colors(null, "MOD 8", 16)).containsExactly(colors(null, "AND 0x7", 16));
    }

    @Test
    void orAndDivMakeOneGroupPerNode() {
        assertThat(colors(null, "DIV 8", 16)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(colors(null, "OR 0x7", 16)).containsExactly(7, 7, 7, 7, 7, 7, 7, 7, 15, 15, 15, 15, 15, 15, 15, 15);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"& 3;5;1", "and 3;5;1", "| 0b10;5;7", "% 4;5;1", "/ 2;5;2", "MOD 010;9;1",
            "AND  0x3;6;2", "AND;5;0", "AND x;5;0", "XOR 1;5;0"})
    void operatorsSpellingsAndBasesAreNcclTests(String rule, int process, int color) {
        assertThat(SplitRule.color(null, rule, process)).isEqualTo(color);
    }

    @Test
    void theMaskIsHexAndWinsOverTheRule() {
        assertThat(SplitRule.color("7", "DIV 1", 13)).isEqualTo(5);
        assertThat(SplitRule.color("0x10", null, 17)).isEqualTo(16);
        assertThat(SplitRule.color("zz", null, 17)).isZero();
    }

    @Test
    void noVariableMeansOneGroup() {
        assertThat(colors(null, null, 4)).containsOnly(0);
    }

    @Test
    void divisionByZeroIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SplitRule.color(null, "MOD 0", 3))
                .withMessageContaining("divides by zero");
    }
}
