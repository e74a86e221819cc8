package org.ncclkit.report;

import java.math.BigDecimal;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.RunReport;

/**
 * The result rows as CSV for spreadsheets and pandas: a header, then one line per size and placement, numbers at full
 * precision. Fields are quoted as RFC 4180 says; lines end in {@code \n}.
 */
public final class ResultCsv {
    private static final String HEADER =
            "collective,size_bytes,count,type,redop,root,placement,time_us,algbw_gbps,busbw_gbps,wrong,timestamp";

    private ResultCsv() {
    }

    /** The whole file: header and every row of the report. */
    public static String render(RunReport report) {
        String collective = report.config().collective().label();
        return Stream.concat(Stream.of(HEADER), report.rows().stream().flatMap(row -> Stream.of(
                        line(collective, row, "out_of_place", row.outOfPlace()),
                        line(collective, row, "in_place", row.inPlace()))))
                .map(line -> line + "\n")
                .collect(Collectors.joining());
    }

    private static String line(String collective, ResultRow row, String placement, Measurement m) {
        return Stream.of(collective, Long.toString(row.sizeBytes()), Long.toString(row.count()), row.type(),
                        row.redop(), Integer.toString(row.root()), placement, number(m.timeMicros()),
                        number(m.algorithmBandwidth()), number(m.busBandwidth()),
                        m.wrong() == null ? "" : m.wrong().toString(),
                        row.timestamp() == null ? "" : row.timestamp())
                .map(ResultCsv::field)
                .collect(Collectors.joining(","));
    }

    // The shortest text that reads back as the same double, but plain: Java would write 4.02E-4.
    private static String number(double value) {
        return Double.isFinite(value)
                ? new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString()
                : Double.toString(value);
    }

    /** A field quoted when it holds a comma, a quote or a line break, its quotes doubled (RFC 4180). */
    static String field(String value) {
        boolean needsQuotes = value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
