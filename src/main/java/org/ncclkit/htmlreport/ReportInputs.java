package org.ncclkit.htmlreport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ncclkit.check.P2pJson;
import org.ncclkit.monitor.RecordedSampler;
import org.ncclkit.results.NcclTestsJsonReader;
import org.ncclkit.results.ResultsFiles;
import org.ncclkit.results.ResultsFormatException;
import org.ncclkit.validate.ValidateReport;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells what a file given to {@code ncclkit report} holds and reads it: a {@code .jsonl} file is a monitor
 * recording; a JSON object is a {@code validate --json} document (its {@code schema}), nccl-tests' {@code -J} file
 * ({@code results}), a {@code check p2p} report ({@code pairs}) or {@code ncclkit expected --json}
 * ({@code collectives}); anything else is a results table as text, NCCL's INFO lines in it read for the software.
 */
public final class ReportInputs {
    private static final long MAX_JSON_BYTES = 256L << 20;

    private ReportInputs() {
    }

    /** Reads every file, or none: the first that cannot be read is an {@link IllegalArgumentException} naming it. */
    public static List<ReportInput> readAll(List<Path> files) {
        return files.stream().map(ReportInputs::read).toList();
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    static ReportInput read(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(name + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jsonl")) {
            return new ReportInput.Monitor(name, RecordedSampler.read(file).samples());
        }
        if (lower.endsWith(".csv")) {
            throw new IllegalArgumentException(name + ": a CSV monitor recording cannot be drawn; record with --record FILE.jsonl");
        }
        try {
            if (Files.size(file) <= MAX_JSON_BYTES) {
                String text = Files.readString(file);
                if (text.stripLeading().startsWith("{")) {
                    return json(name, text);
                }
            }
            return new ReportInput.Results(name, ResultsFiles.read(file), SoftwareFacts.ofLog(file), "");
        } catch (ResultsFormatException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static ReportInput json(String name, String text) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(name + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        String schema = root.path("schema").asString("");
        if (schema.startsWith(ValidateReport.SCHEMA_FAMILY)) {
            try {
                return new ReportInput.Validate(name, ValidateReport.read(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage());
            }
        }
        if (root.has("results")) {
            try {
                return new ReportInput.Results(name, NcclTestsJsonReader.read(text, name), SoftwareFacts.UNKNOWN,
                        root.path("end_time").asString(""));
            } catch (ResultsFormatException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        if (root.has("pairs") && root.has("ranks")) {
            return new ReportInput.Pairs(name, P2pJson.read(text));
        }
        if (root.has("collectives") && root.has("assumptions")) {
            Map<String, ReportInput.ExpectedBand> bands = new LinkedHashMap<>();
            root.path("collectives").properties().forEach(e -> bands.put(e.getKey(), new ReportInput.ExpectedBand(
                    e.getValue().path("busbw_gbps").asDouble(), e.getValue().path("low_gbps").asDouble(),
                    e.getValue().path("high_gbps").asDouble())));
            return new ReportInput.Expected(name, bands, root.path("assumptions").toString());
        }
        throw new IllegalArgumentException(name + ": a JSON file ncclkit report does not know (expected nccl-tests' -J "
                + "output, validate --json, check p2p --json or expected --json)");
    }
}
