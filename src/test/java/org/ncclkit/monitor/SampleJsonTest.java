package org.ncclkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SampleJsonTest {
    @Test
    void aSampleSurvivesTheTripThroughOneJsonLine() {
        GpuSample sample = Samples.with(Samples.busy("node-a", 3), 97, 88,
                ClockEventReason.SW_THERMAL.bit() | ClockEventReason.SW_POWER_CAP.bit(), 2L, List.of(79L, 48L));

        String line = SampleJson.line(sample);

        assertThat(line).doesNotContain("\n").startsWith("{\"type\":\"sample\",\"host\":\"node-a\",\"gpu\":3,");
        assertThat(line).contains("\"clock_event_reasons\":[\"sw_power_cap\",\"sw_thermal\"]", "\"xids\":[79,48]",
                "\"time\":\"2026-11-25T21:40:00Z\"", "\"power_w\":690.4");
        assertThat(SampleJson.parseSample(line)).isEqualTo(sample);
    }

    @Test
    void valuesAGpuDoesNotReportAreLeftOutAndComeBackAsUnknown() {
        GpuSample sparse = Samples.sparse("ws", 0);

        String line = SampleJson.line(sparse);

        assertThat(line).doesNotContain("nvlink", "ecc_", "power_w", "sm_clock", "mem_used", "null");
        assertThat(SampleJson.parseSample(line)).isEqualTo(sparse);
    }

    @Test
    void helloAndFailureLinesCarryTheAgentsHostVersionAndReason() {
        assertThat(SampleJson.parse(SampleJson.hello("node-a", "0.4.0", 0.5)))
                .isEqualTo(new AgentMessage.Hello("node-a", "0.4.0", 0.5));
        assertThat(SampleJson.parse(SampleJson.failure("no GPU"))).isEqualTo(new AgentMessage.Failure("no GPU"));
    }

    @Test
    void linesThatAreNotSamplesSayWhatIsWrong() {
        assertThatThrownBy(() -> SampleJson.parse("Welcome to node-a")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> SampleJson.parse("{\"type\":\"weather\"}")).hasMessage("unknown line type 'weather'");
        assertThatThrownBy(() -> SampleJson.parse("{\"type\":\"sample\",\"host\":\"a\",\"gpu\":0,\"time\":\"yesterday\"}"))
                .hasMessage("time 'yesterday' is not an ISO-8601 instant");
        assertThatThrownBy(() -> SampleJson.parse("{\"type\":\"sample\",\"gpu\":0,\"time\":\"2026-11-25T21:40:00Z\"}"))
                .hasMessage("no host");
        assertThatThrownBy(() -> SampleJson.parseSample(SampleJson.hello("a", "dev", 1))).hasMessage("not a sample line");
    }

    @Test
    void throttleReasonBitsHaveNvmlsValuesAndNames() {
        assertThat(ClockEventReason.of(0x1 | 0x4 | 0x40 | 0x80)).extracting(ClockEventReason::label)
                .containsExactly("gpu_idle", "sw_power_cap", "hw_thermal", "hw_power_brake");
        assertThat(ClockEventReason.mask(ClockEventReason.of(0x1ff))).isEqualTo(0x1ff);
    }
}
