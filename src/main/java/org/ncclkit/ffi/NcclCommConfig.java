package org.ncclkit.ffi;

/**
 * The fields of {@code ncclConfig_t} that ncclkit sets; {@link #UNSET} leaves a field to NCCL. {@code blocking} 0
 * makes NCCL calls return {@code ncclInProgress} instead of waiting; {@code ctaPolicy} is nccl-tests' {@code -x};
 * {@code nvlinkCentricSched} is what nccl-tests built against NCCL 2.28 sets.
 */
public record NcclCommConfig(int blocking, int ctaPolicy, boolean nvlinkCentricSched) {
    public static final int UNSET = Integer.MIN_VALUE;
}
