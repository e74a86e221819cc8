package org.ncclkit.expected;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ncclkit.report.Json;

/**
 * {@code ncclkit expected --json}: {@code {"assumptions": {...}, "collectives": {"all_reduce": {"busbw_gbps", "half_bandwidth_bytes",
 * "low_gbps", "high_gbps", "limited_by"}, ...}, "sources": [{"title", "url"}]}}, GB/s rounded to 0.01.
 */
public final class ExpectedJson {
    private ExpectedJson() {
    }

    record Document(Assumptions assumptions, Map<String, Figure> collectives, List<Source> sources) {
    }

    record Figure(double busbwGbps, long halfBandwidthBytes, double lowGbps, double highGbps, String limitedBy) {
    }

    public static String write(Expectation expectation) {
        Map<String, Figure> collectives = new LinkedHashMap<>();
        expectation.collectives().forEach((collective, e) -> collectives.put(collective.label(), new Figure(
                round(e.busbwGbps()), e.halfBandwidthBytes(), round(e.lowGbps()), round(e.highGbps()), e.limitedBy())));
        return Json.write(new Document(expectation.assumptions(), collectives, expectation.sources()));
    }

    private static double round(double gbps) {
        return Math.round(gbps * 100) / 100.0;
    }
}
