package org.ncclkit.validate;

import java.util.Optional;

import org.ncclkit.collective.Collective;

/**
 * What {@code validate} needs of the bandwidth model: the bus bandwidth a collective should reach at a size on a
 * cluster of {@code nodes} × {@code gpusPerNode}, with its uncertainty and the words that say what it assumes.
 */
public interface ExpectedBusBandwidth {
    /** The expected busbw (GB/s), the band around it, and the basis (hardware, table entry, efficiency). */
    record Expected(double busbwGBps, double lowGBps, double highGBps, String basis) {
    }

    Optional<Expected> at(Collective collective, long bytes, int nodes, int gpusPerNode);

    /** No model: the cluster's figures are reported without an expected value beside them. */
    ExpectedBusBandwidth NONE = (collective, bytes, nodes, gpusPerNode) -> Optional.empty();
}
