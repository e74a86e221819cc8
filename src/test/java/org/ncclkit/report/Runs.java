package org.ncclkit.report;

import java.util.List;

import org.ncclkit.bench.CommunicatorSetup;
import org.ncclkit.bench.DeviceLine;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.PerfConfig;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.RunReport;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;

/** Test data: an all_reduce run like {@code all_reduce_perf -b 8 -e 128M -f 2}, with the knobs tests turn. */
final class Runs {
    static final DeviceLine DEVICE = new DeviceLine(0, 0, 12345, "nodeA-01", 0, "00000000:53:00.0",
            "NVIDIA H100 80GB HBM3");
    static final ResultRow SMALL_ROW = new ResultRow(8, 2, "float", "sum", -1,
            new Measurement(19.90, 0.000402, 0.000704, 0L, null), new Measurement(18.96, 0.000422, 0.000738, 0L, null),
            20, null);

    long stepFactor = 2;
    int gpusPerThread = 1;
    List<DeviceLine> devices = List.of(DEVICE);
    int blocking;
    int checkIterations = 1;
    boolean reportCpuTime;
    boolean reportTimestamps;
    boolean memoryReport;
    boolean perIterationTiming;
    int perIterationSkip;
    boolean jsonStrict;
    double minBusBandwidth = Double.NaN;
    List<ResultRow> rows = List.of(SMALL_ROW);
    List<String> errors = List.of("");
    RunReport.MemoryUsage memory;
    CommunicatorSetup setup = CommunicatorSetup.DEFAULT;

    PerfConfig config() {
        return new PerfConfig(Collective.ALL_REDUCE, 1, gpusPerThread, 8, 134217728, 1048576, stepFactor, 20, 1, 1, 1,
                checkIterations, List.of(RedOp.SUM), List.of(DataType.FLOAT), 0, blocking, 0, false, 0, reportCpuTime,
                reportTimestamps, 1, memoryReport, 0, perIterationTiming, perIterationSkip, "r.json", jsonStrict,
                null, setup);
    }

    RunReport report() {
        return new RunReport(config(), List.of("ncclkit", "perf", "all_reduce", "-J", "r.json"), 22809,
                "2026-07-10 12:00:00", "2026-07-10 12:00:01", devices, rows, minBusBandwidth, errors, memory);
    }
}
