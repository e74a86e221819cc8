package org.ncclkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnNumberTest {

    // Expected texts come from nccl-tests' getFloatStr compiled with glibc; brackets show the padding.
    @ParameterizedTest(name = "{0} in {1} columns is [{2}]")
    @CsvSource({
            "19.9, 7, '  19.90'",
            "0.000402, 6, '  0.00'",
            "437.85, 6, '437.85'",
            "999.995, 6, '1000.0'",
            "51406.3, 7, '51406.3'",
            "51406.3, 6, ' 51406'",
            "514063.4, 6, '514063'",
            "1234567, 7, '1234567'",
            "1234567, 6, ' 1e+06'",
            "12345678.9, 7, '1.2e+07'",
            "6.02e23, 6, ' 6e+23'"})
    void triesTwoDecimalsThenOneThenNoneThenExponent(double value, int width, String expected) {
        assertThat(ColumnNumber.fit(value, width)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} in {1} columns is cut to [{2}]")
    @CsvSource({
            "-123456789, 7, '-1.2e+0'",
            "1e100, 7, '1.0e+10'"})
    void cutsAnExponentFormThatIsStillTooWide(double value, int width, String expected) {
        assertThat(ColumnNumber.fit(value, width)).isEqualTo(expected);
    }
}
