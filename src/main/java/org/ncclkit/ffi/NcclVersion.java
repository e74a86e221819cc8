package org.ncclkit.ffi;

/** {@code ncclGetVersion} codes of the releases whose features ncclkit switches on. */
public final class NcclVersion {
    /** Buffer registration ({@code ncclCommRegister}). */
    public static final int V2_19 = 21900;
    /** Symmetric windows, communicator CTA policy. */
    public static final int V2_27 = 22700;
    /** CTA policy "zero", NVLink-centric scheduling, the device API. */
    public static final int V2_28 = 22800;

    private NcclVersion() {
    }
}
