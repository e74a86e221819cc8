package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** nccl-tests size literals: binary K/M/G suffixes in either case, fractions allowed. */
class SizesTest {

    @ParameterizedTest
    @CsvSource({"8,8", "1K,1024", "64k,65536", "128M,134217728", "1G,1073741824", "1g,1073741824", "0.5K,512", "0,0"})
    void parsesNumbersWithBinarySuffixes(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-8", "1T", "K"})
    void refusesWhatIsNotASize(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
