package org.ncclkit.htmlreport;

import java.util.List;
import java.util.Map;

import org.ncclkit.check.P2pJson;
import org.ncclkit.monitor.GpuSample;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.validate.ValidateReport;

/** One file given to {@code ncclkit report}, by what it holds. */
public sealed interface ReportInput {
    String source();

    /**
     * A benchmark's results: ncclkit perf or nccl-tests, text or JSON; what the file says of the software, and when
     * the run ended as the file writes it ({@code ""} where it does not say: a text table).
     */
    record Results(String source, BenchmarkRun run, SoftwareFacts software, String endTime) implements ReportInput {
    }

    /** A {@code validate --json} document. */
    record Validate(String source, ValidateReport report) implements ReportInput {
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
