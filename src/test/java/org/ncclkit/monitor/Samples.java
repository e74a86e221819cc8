package org.ncclkit.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Readings for tests: a busy H100 to vary, and the recording {@code two-nodes.jsonl} (2 nodes x 2 GPUs, 3 intervals). */
final class Samples {
    static final Instant T0 = Instant.parse("2026-11-25T21:40:00Z");
    static final long TOTAL = 85_520_809_984L;
    static final long GIB = 1L << 30;

    private Samples() {
    }

    static GpuSample busy(String host, int index) {
        return new GpuSample(host, index, "NVIDIA H100 80GB HBM3", "00000000:18:00.0", T0, 98, 71 * GIB, TOTAL, 1980, 690.4, 71,
                1_204_000L, 980_000L, 302_900_000L, 297_900_000L, 0L, 0L, 0, List.of());
    }

    static GpuSample with(GpuSample s, Integer util, Integer temp, long reasons, Long eccUncorrected, List<Long> xids) {
        return new GpuSample(s.host(), s.index(), s.name(), s.busId(), s.time(), util, s.memUsedBytes(), s.memTotalBytes(),
                s.smClockMhz(), s.powerWatts(), temp, s.pcieTxKBps(), s.pcieRxKBps(), s.nvlinkTxKBps(), s.nvlinkRxKBps(),
                s.eccCorrected(), eccUncorrected, reasons, xids);
    }

    static GpuSample at(GpuSample s, Instant time) {
        return new GpuSample(s.host(), s.index(), s.name(), s.busId(), time, s.utilPercent(), s.memUsedBytes(), s.memTotalBytes(),
                s.smClockMhz(), s.powerWatts(), s.temperatureC(), s.pcieTxKBps(), s.pcieRxKBps(), s.nvlinkTxKBps(),
                s.nvlinkRxKBps(), s.eccCorrected(), s.eccUncorrected(), s.clockEventReasons(), s.xids());
    }

    /** A GPU without NVLink, ECC or power readings (a consumer card, say). */
    static GpuSample sparse(String host, int index) {
        return new GpuSample(host, index, "NVIDIA GeForce RTX 4090", "00000000:01:00.0", T0, 12, null, 25_757_220_864L, null, null,
                45, null, null, null, null, null, null, 0, List.of());
    }

    static Path twoNodes() {
        try {
            return Path.of(Samples.class.getResource("two-nodes.jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
