package org.ncclkit.monitor;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.ncclkit.report.Json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Samples as JSON lines: the recording format and the agent protocol ({@code ncclkit monitor --agent} prints a
 * {@code hello} line, then one {@code sample} line per GPU per interval). Values that are not known are left out.
 */
public final class SampleJson {
    private static final ObjectWriter ONE_LINE = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private SampleJson() {
    }

    public static String hello(String host, String version, double intervalSeconds) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "hello");
        node.put("host", host);
        node.put("ncclkit", version);
        node.put("interval_s", intervalSeconds);
        return ONE_LINE.writeValueAsString(node);
    }

    public static String failure(String message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "failure");
        node.put("message", message);
        return ONE_LINE.writeValueAsString(node);
    }

    public static String line(GpuSample sample) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "sample");
        node.put("host", sample.host());
        node.put("gpu", sample.index());
        node.put("name", sample.name());
        node.put("bus_id", sample.busId());
        node.put("time", sample.time().toString());
        putIfKnown(node, "util_pct", sample.utilPercent());
        putIfKnown(node, "mem_used_bytes", sample.memUsedBytes());
        putIfKnown(node, "mem_total_bytes", sample.memTotalBytes());
        putIfKnown(node, "sm_clock_mhz", sample.smClockMhz());
        if (sample.powerWatts() != null) {
            node.put("power_w", Math.round(sample.powerWatts() * 1000) / 1000.0);
        }
        putIfKnown(node, "temp_c", sample.temperatureC());
        putIfKnown(node, "pcie_tx_kbps", sample.pcieTxKBps());
        putIfKnown(node, "pcie_rx_kbps", sample.pcieRxKBps());
        putIfKnown(node, "nvlink_tx_kbps", sample.nvlinkTxKBps());
        putIfKnown(node, "nvlink_rx_kbps", sample.nvlinkRxKBps());
        putIfKnown(node, "ecc_corrected", sample.eccCorrected());
        putIfKnown(node, "ecc_uncorrected", sample.eccUncorrected());
        ArrayNode reasons = node.putArray("clock_event_reasons");
        sample.reasons().forEach(reason -> reasons.add(reason.label()));
        ArrayNode xids = node.putArray("xids");
        sample.xids().forEach(xids::add);
        return ONE_LINE.writeValueAsString(node);
    }

    private static void putIfKnown(ObjectNode node, String key, Number value) {
        if (value != null) {
            node.put(key, value.longValue());
        }
    }

    /** Reads one line; an {@link IllegalArgumentException} names what is wrong with it. */
    public static AgentMessage parse(String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "hello" -> new AgentMessage.Hello(text(node, "host"), node.path("ncclkit").asString(""),
                    node.path("interval_s").asDouble(0));
            case "failure" -> new AgentMessage.Failure(node.path("message").asString(""));
            case "sample" -> new AgentMessage.Sample(sample(node));
            default -> throw new IllegalArgumentException("unknown line type '" + type + "'");
        };
    }

    /** Reads a sample line; other lines are an {@link IllegalArgumentException}. */
    public static GpuSample parseSample(String line) {
        if (parse(line) instanceof AgentMessage.Sample(GpuSample sample)) {
            return sample;
        }
        throw new IllegalArgumentException("not a sample line");
    }

    private static GpuSample sample(JsonNode node) {
        Instant time;
        try {
            time = Instant.parse(text(node, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + node.path("time").asString("") + "' is not an ISO-8601 instant");
        }
        if (!node.path("gpu").canConvertToInt()) {
            throw new IllegalArgumentException("no gpu index");
        }
        long reasons = 0;
        for (JsonNode reason : node.path("clock_event_reasons")) {
            reasons |= ClockEventReason.byLabel(reason.asString("")).map(ClockEventReason::bit).orElse(0L);
        }
        List<Long> xids = new ArrayList<>();
        for (JsonNode xid : node.path("xids")) {
            xids.add(xid.asLong());
        }
        return new GpuSample(text(node, "host"), node.path("gpu").asInt(), node.path("name").asString(""),
                node.path("bus_id").asString(""), time, integer(node, "util_pct"), longValue(node, "mem_used_bytes"),
                longValue(node, "mem_total_bytes"), integer(node, "sm_clock_mhz"),
                node.path("power_w").isNumber() ? node.path("power_w").asDouble() : null, integer(node, "temp_c"),
                longValue(node, "pcie_tx_kbps"), longValue(node, "pcie_rx_kbps"), longValue(node, "nvlink_tx_kbps"),
                longValue(node, "nvlink_rx_kbps"), longValue(node, "ecc_corrected"), longValue(node, "ecc_uncorrected"),
                reasons, xids);
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.path(key);
        if (!value.isString() || value.asString().isEmpty()) {
            throw new IllegalArgumentException("no " + key);
        }
        return value.asString();
    }

    private static Integer integer(JsonNode node, String key) {
        return node.path(key).isNumber() ? node.path(key).asInt() : null;
    }

    private static Long longValue(JsonNode node, String key) {
        return node.path(key).isNumber() ? node.path(key).asLong() : null;
    }
}
