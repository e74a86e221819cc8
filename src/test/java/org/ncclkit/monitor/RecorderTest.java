package org.ncclkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
    @TempDir
    Path dir;

    @Test
    void csvGetsItsHeaderOnceAndOneRowPerGpuAcrossReopenings() throws IOException {
        Path file = dir.resolve("run.csv");
        try (Recorder recorder = Recorder.open(file)) {
            recorder.write(List.of(Samples.busy("node-a", 0), Samples.busy("node-a", 1)));
        }
        try (Recorder recorder = Recorder.open(file)) {
            recorder.write(List.of(Samples.with(Samples.busy("node-b", 0), 5, 40, ClockEventReason.GPU_IDLE.bit()
                    | ClockEventReason.SW_POWER_CAP.bit(), 0L, List.of(79L, 31L))));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).isEqualTo("time,host,gpu,name,bus_id,util_pct,mem_used_bytes,mem_total_bytes,sm_clock_mhz,"
                + "power_w,temp_c,pcie_tx_kbps,pcie_rx_kbps,nvlink_tx_kbps,nvlink_rx_kbps,ecc_corrected,ecc_uncorrected,"
                + "clock_event_reasons,xids");
        assertThat(lines.get(1)).isEqualTo("2026-11-25T21:40:00Z,node-a,0,NVIDIA H100 80GB HBM3,00000000:18:00.0,98,76235669504,"
                + "85520809984,1980,690.4,71,1204000,980000,302900000,297900000,0,0,,");
        assertThat(lines.get(3)).endsWith(",gpu_idle sw_power_cap,79 31").contains(",5,");
        assertThat(lines).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(SampleCsv.COLUMNS.size()));
    }

    @Test
    void csvQuotesAFieldWithACommaAndLeavesUnknownCellsEmpty() {
        GpuSample sample = new GpuSample("h", 0, "GPU, \"special\"", "b", Samples.T0, null, null, null, null, null, null, null,
                null, null, null, null, null, 0, List.of());

        assertThat(SampleCsv.row(sample)).isEqualTo("2026-11-25T21:40:00Z,h,0,\"GPU, \"\"special\"\"\",b,,,,,,,,,,,,,,");
    }

    @Test
    void jsonLinesAppendToAnEarlierRecordingAndEachWriteIsOnDiskBeforeClose() throws IOException {
        Path file = dir.resolve("nested/run.jsonl");
        try (Recorder first = Recorder.open(file)) {
            first.write(List.of(Samples.busy("node-a", 0)));
        }
        try (Recorder second = Recorder.open(file)) {
            second.write(List.of(Samples.busy("node-a", 1), Samples.busy("node-b", 0)));

            List<String> lines = Files.readAllLines(file);
            assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
            assertThat(lines.stream().map(SampleJson::parseSample).map(s -> s.host() + "/" + s.index()))
                    .containsExactly("node-a/0", "node-a/1", "node-b/0");
        }
    }

    @Test
    void aRecordingIsReplayedIntervalByInterval() throws IOException {
        Path file = dir.resolve("run.jsonl");
        try (Recorder recorder = Recorder.open(file)) {
            for (int second = 0; second < 3; second++) {
                var time = Samples.T0.plusSeconds(second);
                recorder.write(List.of(Samples.at(Samples.busy("a", 0), time), Samples.at(Samples.busy("a", 1), time)));
            }
        }

        RecordedSampler sampler = RecordedSampler.read(file);

        for (int second = 0; second < 3; second++) {
            assertThat(sampler.finished()).isFalse();
            var expected = Samples.T0.plusSeconds(second);
            assertThat(sampler.sample()).hasSize(2).allSatisfy(s -> assertThat(s.time()).isEqualTo(expected));
        }
        assertThat(sampler.finished()).isTrue();
        assertThat(sampler.sample()).isEmpty();
    }

    @Test
    void theRecordedFileFixtureHasThreeIntervalsOfFourGpusAndItsHelloIsSkipped() {
        RecordedSampler sampler = RecordedSampler.read(Samples.twoNodes());

        assertThat(sampler.sample()).extracting(s -> s.host() + "/" + s.index())
                .containsExactly("node-a/0", "node-a/1", "node-b/0", "node-b/1");
        assertThat(sampler.sample()).hasSize(4);
        assertThat(sampler.sample()).hasSize(4).anySatisfy(s -> assertThat(s.xids()).containsExactly(79L));
        assertThat(sampler.finished()).isTrue();
    }

    @Test
    void aBadRecordingIsNamedByFileAndLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, SampleJson.line(Samples.busy("a", 0)) + "\n{\"type\":\"sample\"\n");

        assertThatThrownBy(() -> RecordedSampler.read(file)).hasMessageStartingWith(file + " line 2: not JSON");
        Files.writeString(file, SampleJson.hello("a", "dev", 1) + "\n");
        assertThatThrownBy(() -> RecordedSampler.read(file)).hasMessageContaining("holds no samples");
    }

    @Test
    void theFormatFollowsTheFileExtension() {
        assertThat(Recorder.formatOf(Path.of("a.CSV"))).isEqualTo(Recorder.Format.CSV);
        assertThat(Recorder.formatOf(Path.of("a.ndjson"))).isEqualTo(Recorder.Format.JSON_LINES);
        assertThatThrownBy(() -> Recorder.formatOf(Path.of("a.txt"))).hasMessage("a.txt: name it .jsonl (JSON lines) or .csv");
    }
}
