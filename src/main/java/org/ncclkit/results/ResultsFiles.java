package org.ncclkit.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a results file of either tool and either format: JSON when its first non-blank character is {@code {}. */
public final class ResultsFiles {
    /** A JSON results file larger than this is refused (a 4096-rank {@code -I 1} run is a few MB). */
    static final long MAX_JSON_BYTES = 256L << 20;

    private ResultsFiles() {
    }

    /**
     * Reads one run from {@code file}.
     *
     * @throws ResultsFormatException if the file is missing, unreadable, or holds no results
     */
    public static BenchmarkRun read(Path file) {
        String name = file.toString();
        try {
            if (!Files.isRegularFile(file)) {
                throw new ResultsFormatException(name + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            if (startsWithBrace(file)) {
                if (Files.size(file) > MAX_JSON_BYTES) {
                    throw new ResultsFormatException(name + ": a JSON file of " + Files.size(file) + " bytes, more than "
                            + "the " + MAX_JSON_BYTES + " bytes ncclkit reads");
                }
                return NcclTestsJsonReader.read(Files.readString(file, StandardCharsets.UTF_8), name);
            }
            try (BufferedReader text = lenientReader(file)) {
                return NcclTestsTextReader.read(text, name);
            }
        } catch (NoSuchFileException e) {
            throw new ResultsFormatException(name + ": no such file");
        } catch (IOException e) {
            throw new ResultsFormatException(name + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private static boolean startsWithBrace(Path file) throws IOException {
        try (BufferedReader reader = lenientReader(file)) {
            int c;
            while ((c = reader.read()) != -1) {
                if (!Character.isWhitespace(c)) {
                    return c == '{';
                }
            }
            return false;
        }
    }

    // Logs hold whatever the ranks printed; a byte that is not UTF-8 must not stop the read.
    private static BufferedReader lenientReader(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }
}
