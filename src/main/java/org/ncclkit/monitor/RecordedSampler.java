package org.ncclkit.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ncclkit.files.FileProblem;

/**
 * Plays back a JSON-lines recording: each {@link #sample} returns the next interval (samples up to the first GPU that
 * appears a second time, so a recording of several nodes plays back node by node within each interval). {@code hello} lines are skipped, so an agent's output is a recording too.
 */
public final class RecordedSampler implements Sampler {
    private final List<GpuSample> samples;
    private int next;

    public RecordedSampler(List<GpuSample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** Reads a recording; an {@link IllegalArgumentException} names the first bad line by number. */
    public static RecordedSampler read(Path file) {
        List<String> lines;
        String notReadable = Files.exists(file) && !Files.isDirectory(file) && !Files.isRegularFile(file)
                ? "not a regular file" : FileProblem.notReadable(file);
        if (notReadable != null) {
            throw new UncheckedIOException("cannot read the recording " + file + ": " + notReadable, new IOException(notReadable));
        }
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + file + ": " + FileProblem.describe(file, e), e);
        }
        List<GpuSample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                if (SampleJson.parse(lines.get(i)) instanceof AgentMessage.Sample(GpuSample sample)) {
                    samples.add(sample);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no samples (a recording is JSON lines from --record FILE.jsonl)");
        }
        return new RecordedSampler(samples);
    }

    /** Every sample of the recording, in file order. */
    public List<GpuSample> samples() {
        return samples;
    }

    @Override
    public synchronized List<GpuSample> sample() {
        if (next >= samples.size()) {
            return List.of();
        }
        int start = next;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (next < samples.size() && seen.add(samples.get(next).host() + "#" + samples.get(next).index())) {
            next++;
        }
        return samples.subList(start, next);
    }

    @Override
    public synchronized boolean finished() {
        return next >= samples.size();
    }
}
