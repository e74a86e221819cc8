package org.ncclkit.cli;

import java.util.ArrayList;
import java.util.List;

import org.ncclkit.bench.CommunicatorSetup;
import org.ncclkit.ffi.NcclVersion;
import org.ncclkit.info.Versions;

/**
 * nccl-tests 2.19.6's rules for the options that depend on the NCCL library it runs with ({@code main()} in
 * {@code src/common.cu}): what falls back, with the line it prints on standard output, what is refused, and what is
 * corrected with a warning on standard error.
 */
final class NcclVersionOptions {
    private static final int MAX_DEVICE_CTA_COUNT = 128;

    private NcclVersionOptions() {
    }

    /** The set-up to run with, and the lines nccl-tests prints while reading the options. */
    record Outcome(CommunicatorSetup setup, List<String> notes, List<String> warnings) {
    }

    /**
     * Applies the rules to the requested set-up; {@code deviceCtaCount} is {@code -V} as given (null when absent).
     *
     * @throws UsageException where nccl-tests refuses the option with this NCCL
     */
    static Outcome apply(CommunicatorSetup requested, Integer deviceCtaCount, int ncclVersion) {
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        CommunicatorSetup setup = requested;
        if (setup.registration() != CommunicatorSetup.NO_REGISTRATION && ncclVersion < NcclVersion.V2_19) {
            notes.add("Option -R (register) is not supported before NCCL 2.19. Ignoring");
            setup = setup.withRegistration(CommunicatorSetup.NO_REGISTRATION);
        } else if (setup.registration() == CommunicatorSetup.SYMMETRIC_REGISTRATION && ncclVersion < NcclVersion.V2_27) {
            notes.add("Option -R 2 (symmetric) is not supported before NCCL 2.27. Defaulting to local registration");
            setup = setup.withRegistration(CommunicatorSetup.LOCAL_REGISTRATION);
        }
        if (setup.ctaPolicy() != CommunicatorSetup.UNSET_CTA_POLICY && ncclVersion < NcclVersion.V2_27) {
            notes.add("Option -x (cta_policy) is not supported before NCCL 2.27. Ignoring");
            setup = setup.withCtaPolicy(CommunicatorSetup.UNSET_CTA_POLICY);
        } else if (setup.ctaPolicy() > 1 && ncclVersion < NcclVersion.V2_28) {
            notes.add("Option -x (cta_policy) " + setup.ctaPolicy() + " is not supported before NCCL 2.28. Ignoring");
            setup = setup.withCtaPolicy(CommunicatorSetup.UNSET_CTA_POLICY);
        }
        if (deviceCtaCount != null) {
            if (ncclVersion < NcclVersion.V2_28) {
                throw new UsageException("Option -V (device CTA count) requires NCCL >= 2.28.0 (this NCCL is "
                        + Versions.nccl(ncclVersion) + ")");
            }
            int count = deviceCtaCount;
            if (count <= 0 || count > MAX_DEVICE_CTA_COUNT) {
                warnings.add("device_cta_count (-V) must be positive and less than 128, got " + count
                        + ". Using default value 16.");
                count = CommunicatorSetup.DEFAULT_DEVICE_CTA_COUNT;
            }
            setup = new CommunicatorSetup(setup.registration(), setup.ctaPolicy(), setup.parallelInit(),
                    setup.nullStream(), count);
        }
        return new Outcome(setup, List.copyOf(notes), List.copyOf(warnings));
    }
}
