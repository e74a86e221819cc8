package org.ncclkit.monitor;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Appends samples to a file, JSON lines ({@code .jsonl}, {@code .ndjson}, {@code .json}) or CSV ({@code .csv}) by its
 * extension. Each interval's rows go out in one write and are flushed, so a reader (or a crash) sees whole lines only;
 * a CSV file gets its header once, when it is new or empty.
 */
public final class Recorder implements AutoCloseable {
    public enum Format { JSON_LINES, CSV }

    private final Path file;
    private final Format format;
    private final OutputStream out;

    private Recorder(Path file, Format format, OutputStream out) {
        this.file = file;
        this.format = format;
        this.out = out;
    }

    /** The format a file name asks for; an {@link IllegalArgumentException} for any other extension. */
    public static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return Format.JSON_LINES;
        }
        throw new IllegalArgumentException(file + ": name it .jsonl (JSON lines) or .csv");
    }

    public static Recorder open(Path file) {
        Format format = formatOf(file);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean empty = !Files.exists(file) || Files.size(file) == 0;
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
            Recorder recorder = new Recorder(file, format, out);
            if (format == Format.CSV && empty) {
                recorder.writeWhole(SampleCsv.header() + "\n");
            }
            return recorder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** Writes one interval's samples and flushes them. */
    public synchronized void write(List<GpuSample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (GpuSample sample : samples) {
            text.append(format == Format.CSV ? SampleCsv.row(sample) : SampleJson.line(sample)).append('\n');
        }
        writeWhole(text.toString());
    }

    private void writeWhole(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }
}
