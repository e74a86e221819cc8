package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionsTest {
    @ParameterizedTest(name = "NCCL {0} is {1}")
    @CsvSource({
            "22809, 2.28.9",
            "21803, 2.18.3",
            "21000, 2.10.0",
            "20901, 2.9.1",
            "2708, 2.7.8",
            "2804, 2.8.4"})
    void ncclVersionCodesUseTheSchemeOfTheirRelease(int code, String expected) {
        assertThat(Versions.nccl(code)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "CUDA {0} is {1}")
    @CsvSource({
            "13000, 13.0",
            "12040, 12.4",
            "12090, 12.9",
            "11080, 11.8"})
    void cudaVersionCodesAreMajorThousandsAndMinorTens(int code, String expected) {
        assertThat(Versions.cuda(code)).isEqualTo(expected);
    }
}
