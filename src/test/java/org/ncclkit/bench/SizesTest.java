package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** nccl-tests size literals, read as its {@code sscanf("%lf %1s")} reads them. */
class SizesTest {

    @ParameterizedTest
    @CsvSource({"8,8", "1K,1024", "64k,65536", "128M,134217728", "1G,1073741824", "1g,1073741824", "0.5K,512", "0,0"})
    void parsesNumbersWithBinarySuffixes(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1MB|1048576", "2 k|2048", "4Gbytes|4294967296", "1e3|1000", "1.5e1K|15360",
            "0x10|16", "0x1p4|16", "' 8'|8", "+8|8", "3.9|3", "1KiB|1024"})
    void acceptsWhatSscanfAccepts(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-8", "1T", "K", "8x", "1 B", "nan", "inf"})
    void refusesWhatIsNotASize(String text) {
        assertThatThrownBy(() -> Sizes.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
