package org.ncclkit.check;

import java.util.List;

import org.ncclkit.report.Json;

/**
 * What {@code ncclkit check} keeps in the history, schema {@value #SCHEMA}: every step as the summary printed it, the
 * p2p step's own document (null when the check ended before it had one) and the exit status.
 */
public record CheckReport(String schema, List<CheckStep> steps, P2pJson.Document p2p, int exitStatus) {
    public static final String SCHEMA = "ncclkit.check/1";

    public String toJson() {
        return Json.write(this);
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not such a report
     */
    public static CheckReport read(String json) {
        try {
            return Json.MAPPER.readValue(json, CheckReport.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a check report (" + e.getOriginalMessage() + ")");
        }
    }

    /** The p2p report (when there is one) and the summary, as the check printed them. */
    public String render() {
        return (p2p == null ? "" : P2pText.render(P2pJson.matrix(p2p))) + CheckSummary.render(steps);
    }
}
