package org.ncclkit.bench;

/**
 * How nccl-tests' {@code -R}, {@code -x}, {@code -p}, {@code -y} and {@code -V} set up communicators, buffers and
 * streams: buffer registration (0 none, 1 {@code ncclCommRegister}, 2 symmetric {@code ncclCommWindowRegister}),
 * the communicator's CTA policy ({@link #UNSET_CTA_POLICY} leaves NCCL's default), whether each {@code -t} thread
 * initializes its own communicators, whether operations go to the legacy default (null) stream, and the device
 * CTA count of {@code -V} (kept for the record: it only matters to device-API kernels).
 */
public record CommunicatorSetup(int registration, int ctaPolicy, boolean parallelInit, boolean nullStream,
                                int deviceCtaCount) {
    public static final int NO_REGISTRATION = 0;
    public static final int LOCAL_REGISTRATION = 1;
    public static final int SYMMETRIC_REGISTRATION = 2;
    public static final int UNSET_CTA_POLICY = -1;
    public static final int DEFAULT_DEVICE_CTA_COUNT = 16;

    /** nccl-tests' defaults: no registration, no CTA policy, serial init, a stream per GPU, 16 CTAs. */
    public static final CommunicatorSetup DEFAULT = new CommunicatorSetup(NO_REGISTRATION, UNSET_CTA_POLICY, false,
            false, DEFAULT_DEVICE_CTA_COUNT);

    public CommunicatorSetup withRegistration(int newRegistration) {
        return new CommunicatorSetup(newRegistration, ctaPolicy, parallelInit, nullStream, deviceCtaCount);
    }

    public CommunicatorSetup withCtaPolicy(int newCtaPolicy) {
        return new CommunicatorSetup(registration, newCtaPolicy, parallelInit, nullStream, deviceCtaCount);
    }
}
