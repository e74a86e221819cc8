package org.ncclkit.monitor;

import java.util.List;
import java.util.stream.Collectors;

/** Samples as CSV rows for spreadsheets: one header, one row per GPU per interval, empty cells for unknown values. */
public final class SampleCsv {
    public static final List<String> COLUMNS = List.of("time", "host", "gpu", "name", "bus_id", "util_pct", "mem_used_bytes",
            "mem_total_bytes", "sm_clock_mhz", "power_w", "temp_c", "pcie_tx_kbps", "pcie_rx_kbps", "nvlink_tx_kbps",
            "nvlink_rx_kbps", "ecc_corrected", "ecc_uncorrected", "clock_event_reasons", "xids");

    private SampleCsv() {
    }

    public static String header() {
        return String.join(",", COLUMNS);
    }

    public static String row(GpuSample s) {
        return String.join(",", s.time().toString(), quoted(s.host()), Integer.toString(s.index()), quoted(s.name()),
                quoted(s.busId()), cell(s.utilPercent()), cell(s.memUsedBytes()), cell(s.memTotalBytes()), cell(s.smClockMhz()),
                s.powerWatts() == null ? "" : Double.toString(Math.round(s.powerWatts() * 1000) / 1000.0), cell(s.temperatureC()),
                cell(s.pcieTxKBps()), cell(s.pcieRxKBps()), cell(s.nvlinkTxKBps()), cell(s.nvlinkRxKBps()),
                cell(s.eccCorrected()), cell(s.eccUncorrected()),
                s.reasons().stream().map(ClockEventReason::label).collect(Collectors.joining(" ")),
                s.xids().stream().map(String::valueOf).collect(Collectors.joining(" ")));
    }

    private static String cell(Number value) {
        return value == null ? "" : value.toString();
    }

    /** RFC 4180: a field with a comma, quote or line break goes in quotes, its quotes doubled. */
    static String quoted(String text) {
        if (text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
