package org.ncclkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundRecordingTest {
    @TempDir
    Path dir;

    /** Readings of one GPU numbered by when they were taken (the utilization field carries the number). */
    private static final class Counting implements Sampler {
        final AtomicInteger taken = new AtomicInteger();
        volatile boolean closed;

        @Override
        public List<GpuSample> sample() {
            int n = taken.incrementAndGet();
            return List.of(Samples.with(Samples.busy("here", 0), n, 50, 0, 0L, List.of()));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void readingsAreRecordedEveryIntervalWhileTheRunGoesOnAndOnceMoreAtItsEnd() throws Exception {
        Path file = dir.resolve("during-run.jsonl");
        Counting sampler = new Counting();

        BackgroundRecording recording = BackgroundRecording.start(sampler, Recorder.open(file), Duration.ofMillis(50));
        Thread.sleep(400); // the "benchmark"
        assertThat(Files.readAllLines(file)).as("on disk while the run goes on").isNotEmpty();
        recording.close();

        List<Integer> numbers = Files.readAllLines(file).stream().map(SampleJson::parseSample).map(GpuSample::utilPercent).toList();
        assertThat(numbers).hasSizeBetween(5, 10).isSorted().doesNotHaveDuplicates();
        assertThat(numbers.getLast()).as("the last reading is taken at close").isEqualTo(sampler.taken.get());
        assertThat(sampler.closed).isTrue();
        assertThat(recording.failure()).isNull();
    }

    @Test
    void closeReturnsPromptlyWithALongInterval() throws IOException {
        Counting sampler = new Counting();
        long start = System.nanoTime();

        BackgroundRecording.start(sampler, Recorder.open(dir.resolve("slow.csv")), Duration.ofSeconds(30)).close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        // the header, the last reading, and the first if the thread took it before close
        assertThat(Files.readAllLines(dir.resolve("slow.csv"))).hasSizeBetween(2, 3);
    }

    @Test
    void aSamplerThatFailsStopsTheRecordingAndSaysWhy() throws Exception {
        Sampler broken = () -> {
            throw new IllegalStateException("GPU fell off the bus");
        };

        BackgroundRecording recording = BackgroundRecording.start(broken, Recorder.open(dir.resolve("x.jsonl")), Duration.ofMillis(10));
        Thread.sleep(100);
        recording.close();

        assertThat(recording.failure()).hasMessage("GPU fell off the bus");
    }
}
