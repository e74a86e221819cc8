package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ncclkit.bench.CommunicatorSetup;

/** -R, -x and -V against the NCCL version, with nccl-tests' fallbacks and lines. */
class NcclVersionOptionsTest {
    private static CommunicatorSetup setup(int registration, int ctaPolicy) {
        return new CommunicatorSetup(registration, ctaPolicy, false, false, 16);
    }

    @Test
    void symmetricRegistrationFallsBackToLocalBeforeNccl227() {
        NcclVersionOptions.Outcome o = NcclVersionOptions.apply(setup(2, -1), null, 22605);

        assertThat(o.setup().registration()).isEqualTo(CommunicatorSetup.LOCAL_REGISTRATION);
        assertThat(o.notes()).containsExactly(
                "Option -R 2 (symmetric) is not supported before NCCL 2.27. Defaulting to local registration");
    }

    @Test
    void symmetricRegistrationStaysFromNccl227() {
        NcclVersionOptions.Outcome o = NcclVersionOptions.apply(setup(2, -1), null, 22809);

        assertThat(o.setup().registration()).isEqualTo(CommunicatorSetup.SYMMETRIC_REGISTRATION);
        assertThat(o.notes()).isEmpty();
    }

    @Test
    void registrationIsIgnoredBeforeNccl219() {
        NcclVersionOptions.Outcome o = NcclVersionOptions.apply(setup(1, -1), null, 21803);

        assertThat(o.setup().registration()).isZero();
        assertThat(o.notes()).containsExactly("Option -R (register) is not supported before NCCL 2.19. Ignoring");
    }

    @Test
    void ctaPolicyZeroNeeds228AndOthersNeed227() {
        assertThat(NcclVersionOptions.apply(setup(0, 2), null, 22703).notes())
                .containsExactly("Option -x (cta_policy) 2 is not supported before NCCL 2.28. Ignoring");
        assertThat(NcclVersionOptions.apply(setup(0, 1), null, 22703).setup().ctaPolicy()).isEqualTo(1);
        assertThat(NcclVersionOptions.apply(setup(0, 1), null, 22602).notes())
                .containsExactly("Option -x (cta_policy) is not supported before NCCL 2.27. Ignoring");
        assertThat(NcclVersionOptions.apply(setup(0, 2), null, 22809).setup().ctaPolicy()).isEqualTo(2);
    }

    @Test
    void deviceCtaCountNeeds228AndIsBoundedTo128() {
        assertThatThrownBy(() -> NcclVersionOptions.apply(setup(0, -1), 16, 22703)).isInstanceOf(UsageException.class)
                .hasMessage("Option -V (device CTA count) requires NCCL >= 2.28.0 (this NCCL is 2.27.3)");
        NcclVersionOptions.Outcome tooMany = NcclVersionOptions.apply(setup(0, -1), 200, 22809);
        assertThat(tooMany.setup().deviceCtaCount()).isEqualTo(16);
        assertThat(tooMany.warnings()).containsExactly(
                "device_cta_count (-V) must be positive and less than 128, got 200. Using default value 16.");
        assertThat(NcclVersionOptions.apply(setup(0, -1), 32, 22809).setup().deviceCtaCount()).isEqualTo(32);
    }
}
