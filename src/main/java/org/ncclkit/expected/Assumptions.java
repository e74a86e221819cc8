package org.ncclkit.expected;

import java.util.List;

/**
 * Everything the model assumed, as printed beside its figures: hardware, shape, algorithm choice and calibrations.
 * Bandwidths ending in {@code Gbps} are GB/s (10^9 bytes/s) per direction, as nccl-tests prints; the NIC line rate is in
 * Gb/s ({@code nicGbitPerS}), as vendors publish it.
 */
public record Assumptions(String hardware, String gpuModel, int nodes, int gpusPerNode, int ranks, int nicsPerNode,
                          double nicGbitPerS, double networkGbpsPerNode, String gpuLinkKind, int gpuLinksPerGpu,
                          double gpuLinkGbps, double gpuLinkGbpsPerGpu, boolean nvls, String algorithm,
                          List<CalibrationValue> calibrations) {

    /** One calibration as used: nominal value and range, and the published runs behind it. */
    public record CalibrationValue(String name, String unit, double nominal, double low, double high, String basis) {
        static CalibrationValue of(Calibration c) {
            return new CalibrationValue(c.label(), c.unit(), c.nominal(), c.low(), c.high(), c.basis());
        }
    }
}
