package org.ncclkit.info;

/** Turns the integers that NCCL and CUDA report as versions into the dotted form people read. */
public final class Versions {
    private Versions() {
    }

    /** {@code ncclGetVersion} codes: 22809 is 2.28.9 (since 2.9: major*10000 + minor*100 + patch; before: *1000, *100). */
    public static String nccl(int code) {
        if (code >= 10000) {
            return code / 10000 + "." + code % 10000 / 100 + "." + code % 100;
        }
        return code / 1000 + "." + code % 1000 / 100 + "." + code % 100;
    }

    /** CUDA driver/runtime codes: 13000 is 13.0, 12040 is 12.4. */
    public static String cuda(int code) {
        return code / 1000 + "." + code % 1000 / 10;
    }
}
