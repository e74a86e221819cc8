package org.ncclkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CFormatTest {

    // Expected texts come from glibc's printf("%g").
    @ParameterizedTest(name = "%g of {0} is {1}")
    @CsvSource({
            "52.9753, 52.9753",
            "0.5, 0.5",
            "0, 0",
            "100000, 100000",
            "123456, 123456",
            "1234567, 1.23457e+06",
            "999999.5, 1e+06",
            "0.0001, 0.0001",
            "0.00001, 1e-05",
            "0.000721, 0.000721",
            "-123456789, -1.23457e+08",
            "1e100, 1e+100"})
    void generalFollowsCRulesNotJavas(double value, String expected) {
        assertThat(CFormat.general(value)).isEqualTo(expected);
    }

    @Test
    void fixedRoundsTheExactBinaryValueHalfToEvenLikeGlibc() {
        assertThat(CFormat.fixed(2.675, 2)).isEqualTo("2.67"); // 2.67499999... in binary; Java's %.2f says 2.68
        assertThat(CFormat.fixed(0.125, 2)).isEqualTo("0.12"); // an exact tie goes to even
        assertThat(CFormat.fixed(2.5, 0)).isEqualTo("2");
        assertThat(CFormat.fixed(1.5, 0)).isEqualTo("2");
    }

    @Test
    void fixedKeepsTheSignOfNegativeValuesThatRoundToZero() {
        assertThat(CFormat.fixed(-0.001, 2)).isEqualTo("-0.00");
        assertThat(CFormat.fixed(-0.0, 1)).isEqualTo("-0.0");
    }

    @Test
    void exponentialHasAtLeastTwoExponentDigits() {
        assertThat(CFormat.exponential(1234567, 0)).isEqualTo("1e+06");
        assertThat(CFormat.exponential(6.02e23, 1)).isEqualTo("6.0e+23");
        assertThat(CFormat.exponential(1.5e-7, 5)).isEqualTo("1.50000e-07");
        assertThat(CFormat.exponential(1e100, 1)).isEqualTo("1.0e+100");
        assertThat(CFormat.exponential(0, 1)).isEqualTo("0.0e+00");
    }

    @Test
    void nonFiniteValuesPrintAsCPrintsThem() {
        assertThat(CFormat.general(Double.NaN)).isEqualTo("nan");
        assertThat(CFormat.fixed(Double.POSITIVE_INFINITY, 2)).isEqualTo("inf");
        assertThat(CFormat.exponential(Double.NEGATIVE_INFINITY, 1)).isEqualTo("-inf");
    }

    @Test
    void padLeftRightAlignsAndNeverCuts() {
        assertThat(CFormat.padLeft("N/A", 6)).isEqualTo("   N/A");
        assertThat(CFormat.padLeft("1.23457e+06", 6)).isEqualTo("1.23457e+06");
    }
}
