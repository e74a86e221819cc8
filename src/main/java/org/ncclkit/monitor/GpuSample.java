package org.ncclkit.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One reading of one GPU. A value the GPU or driver does not report is {@code null} (shown as "n/a"); NVLink values are
 * null on GPUs without NVLink. {@code xids} are the XID errors NVML reported since the previous sample.
 */
public record GpuSample(String host, int index, String name, String busId, Instant time,
                        Integer utilPercent, Long memUsedBytes, Long memTotalBytes, Integer smClockMhz, Double powerWatts,
                        Integer temperatureC, Long pcieTxKBps, Long pcieRxKBps, Long nvlinkTxKBps, Long nvlinkRxKBps,
                        Long eccCorrected, Long eccUncorrected, long clockEventReasons, List<Long> xids) {
    public GpuSample {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(time, "time");
        name = name == null ? "" : name;
        busId = busId == null ? "" : busId;
        xids = xids == null ? List.of() : List.copyOf(xids);
    }

    /** The same reading attributed to another host name (the name the leader knows the node by). */
    public GpuSample onHost(String newHost) {
        return new GpuSample(newHost, index, name, busId, time, utilPercent, memUsedBytes, memTotalBytes, smClockMhz, powerWatts,
                temperatureC, pcieTxKBps, pcieRxKBps, nvlinkTxKBps, nvlinkRxKBps, eccCorrected, eccUncorrected,
                clockEventReasons, xids);
    }

    public List<ClockEventReason> reasons() {
        return ClockEventReason.of(clockEventReasons);
    }

    public boolean thermalThrottled() {
        return (clockEventReasons & ClockEventReason.THERMAL_MASK) != 0;
    }

    public boolean powerThrottled() {
        return (clockEventReasons & ClockEventReason.POWER_MASK) != 0;
    }
}
