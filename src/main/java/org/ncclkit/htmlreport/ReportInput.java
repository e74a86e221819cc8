package org.ncclkit.htmlreport;

import java.util.List;
import java.util.Map;

import org.ncclkit.check.P2pJson;
import org.ncclkit.monitor.GpuSample;
import org.ncclkit.results.BenchmarkRun;

/** One file given to {@code ncclkit report}, by what it holds. */
public sealed interface ReportInput {
    String source();

    /** A benchmark's results: ncclkit perf or nccl-tests, text or JSON. */
    record Results(String source, BenchmarkRun run) implements ReportInput {
    }

    /** A {@code check p2p --json} report. */
    record Pairs(String source, P2pJson.Document matrix) implements ReportInput {
    }

    /** A monitor recording ({@code --record FILE.jsonl}). */
    record Monitor(String source, List<GpuSample> samples) implements ReportInput {
    }

    /** {@code ncclkit expected --json}: bus bandwidth per collective with its range. */
    record Expected(String source, Map<String, ExpectedBand> collectives, String assumptions) implements ReportInput {
    }

    /** The expected bus bandwidth of one collective at large sizes, and its range. */
    record ExpectedBand(double busBandwidth, double low, double high) {
    }
}
