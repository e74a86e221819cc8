package org.ncclkit.expected;

import java.util.Locale;

/**
 * Which of NCCL's algorithms the model lets all_reduce use: AUTO the faster of those NCCL would pick from (ring, tree on
 * 2 nodes, NVLS where enabled), RING as under {@code NCCL_ALGO=Ring}, TREE the 2-node tree.
 */
public enum Algorithm {
    AUTO, RING, TREE;

    /** The choice {@code NCCL_ALGO} makes: Ring or Tree alone force that algorithm, anything else (a list, unset) is AUTO. */
    public static Algorithm fromNcclAlgo(String ncclAlgo) {
        if (ncclAlgo == null) {
            return AUTO;
        }
        return switch (ncclAlgo.trim().toLowerCase(Locale.ROOT)) {
            case "ring" -> RING;
            case "tree" -> TREE;
            default -> AUTO;
        };
    }
}
