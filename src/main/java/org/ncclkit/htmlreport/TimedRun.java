package org.ncclkit.htmlreport;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.ncclkit.bench.Timestamps;

/**
 * A run with a known start and end, to be laid over monitor recordings: a results file whose JSON says both
 * ({@code start_time}, {@code end_time}: nccl-tests writes the node's local time without a zone, read in
 * {@code zone}), or a validate document ({@code started} in UTC and {@code seconds}). Text tables say neither.
 */
record TimedRun(String name, Instant start, Instant end) {

    /** Those of {@code inputs} that say when they ran, named as the page names them ("run 2", "validation 1"). */
    static List<TimedRun> of(List<ReportInput> inputs, ZoneId zone) {
        List<TimedRun> timed = new ArrayList<>();
        int results = 0;
        int validations = 0;
        for (ReportInput input : inputs) {
            if (input instanceof ReportInput.Results r) {
                results++;
                Instant start = local(r.run().facts().startTime(), zone);
                Instant end = local(r.endTime(), zone);
                if (start != null && end != null && !end.isBefore(start)) {
                    timed.add(new TimedRun("run " + results, start, end));
                }
            } else if (input instanceof ReportInput.Validate v) {
                validations++;
                Instant start = utc(v.report().started());
                if (start != null) {
                    timed.add(new TimedRun("validation " + validations, start,
                            start.plus(Duration.ofMillis(Math.round(v.report().seconds() * 1000)))));
                }
            }
        }
        return timed;
    }

    boolean overlaps(Instant from, Instant to) {
        return !start.isAfter(to) && !end.isBefore(from);
    }

    private static Instant utc(String time) {
        try {
            return time == null ? null : Instant.parse(time).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant local(String time, ZoneId zone) {
        try {
            return time.isBlank() ? null : LocalDateTime.parse(time.strip(), Timestamps.FORMAT).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
