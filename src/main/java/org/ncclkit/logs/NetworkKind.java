package org.ncclkit.logs;

import java.util.Locale;

/** What kind of network a NCCL network name stands for (names per NCCL's and aws-ofi-nccl's sources). */
public enum NetworkKind {
    /** aws-ofi-nccl: {@code AWS Libfabric} up to 1.12, {@code Libfabric} from 1.13, {@code OFI} when NCCL_NET=OFI. */
    OFI,
    /** NCCL's internal verbs transport ({@code IB}, also RoCE) and the HPC-X/SHARP plugin's {@code IBext}, {@code IBext_v8}. */
    IB,
    /** NCCL's internal TCP transport. */
    SOCKET,
    /** Any other NET plugin. */
    OTHER;

    public static NetworkKind of(String networkName) {
        String name = networkName.toLowerCase(Locale.ROOT);
        if (name.equals("socket")) {
            return SOCKET;
        }
        if (name.startsWith("ib")) {
            return IB;
        }
        if (name.contains("libfabric") || name.equals("ofi") || name.contains("aws-ofi-nccl")) {
            return OFI;
        }
        return OTHER;
    }
}
