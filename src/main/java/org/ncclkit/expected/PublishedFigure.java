package org.ncclkit.expected;

import org.ncclkit.collective.Collective;

/**
 * One published nccl-tests busbw that the model must agree with: the collective, node count, NVLS setting, the size it
 * was read at (0 where the source gives only the large-message figure) and where it was published.
 */
public record PublishedFigure(Collective collective, int nodes, boolean nvls, long sizeBytes, double busbwGbps,
                              String what, Source source) {
}
