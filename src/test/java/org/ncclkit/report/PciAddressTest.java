package org.ncclkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PciAddressTest {

    @ParameterizedTest(name = "{0} shows as {1}")
    @CsvSource({
            "0000:53:00.0, 0000:53:00",
            "00000000:53:00.0, 0000:53:00",
            "0000:A3:1F.0, 0000:a3:1f",
            "0001:07:00, 0001:07:00"})
    void showsDomainBusAndDeviceLikeNcclTests(String busId, String expected) {
        assertThat(PciAddress.parse(busId)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GPU-5f3c", "53:00.0", "0000:153:00.0"})
    void rejectsTextThatIsNotABusId(String busId) {
        assertThatIllegalArgumentException().isThrownBy(() -> PciAddress.parse(busId)).withMessageContaining(busId);
    }
}
