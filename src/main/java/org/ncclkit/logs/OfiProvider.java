package org.ncclkit.logs;

/**
 * The Libfabric provider aws-ofi-nccl chose: {@code NET/OFI Selected Provider is efa (found 4 nics)} up to 1.13,
 * {@code NET/OFI Selected provider is efa, fabric is efa-direct (found 32 nics)} from 1.14.0 ({@code nccl_ofi_net}).
 *
 * @param fabric null in the old wording
 * @param nics   -1 where the line does not say
 */
public record OfiProvider(String provider, String fabric, int nics) {
    public boolean isEfa() {
        return provider.equalsIgnoreCase("efa");
    }

    @Override
    public String toString() {
        return provider + (fabric == null ? "" : " (fabric " + fabric + ")");
    }
}
