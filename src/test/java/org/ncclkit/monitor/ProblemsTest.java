package org.ncclkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProblemsTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static List<Problem> find(List<GpuSample> samples) {
        ClusterState state = new ClusterState();
        state.update(samples, Samples.T0);
        return Problems.find(state.snapshot(), Samples.T0, SECOND, Thresholds.DEFAULTS);
    }

    @Test
    void busyCoolUnthrottledGpusAreNoProblem() {
        assertThat(find(List.of(Samples.busy("a", 0), Samples.busy("a", 1), Samples.busy("b", 0)))).isEmpty();
    }

    @Test
    void aGpuIdleWhileOthersAreBusyIsCalledOutButAllIdleIsNot() {
        GpuSample idle = Samples.with(Samples.busy("b", 1), 0, 38, ClockEventReason.GPU_IDLE.bit(), 0L, List.of());

        assertThat(find(List.of(Samples.busy("a", 0), Samples.busy("b", 0), idle))).extracting(Problem::text)
                .containsExactly("b GPU 1 idle (0%) while 2 other GPUs are busy");
        assertThat(find(List.of(Samples.with(Samples.busy("a", 0), 3, 40, 0, 0L, List.of()), idle))).isEmpty();
    }

    @Test
    void aGpuJustAboveTheIdleThresholdIsNotIdle() {
        GpuSample six = Samples.with(Samples.busy("a", 1), 6, 50, 0, 0L, List.of());

        assertThat(find(List.of(Samples.busy("a", 0), six))).isEmpty();
        assertThat(find(List.of(Samples.busy("a", 0), Samples.with(six, 5, 50, 0, 0L, List.of())))).hasSize(1);
    }

    @Test
    void thermalAndPowerSlowdownsAreNamedWithTheirReasons() {
        GpuSample hot = Samples.with(Samples.busy("a", 0), 97, 84,
                ClockEventReason.SW_THERMAL.bit() | ClockEventReason.HW_SLOWDOWN.bit(), 0L, List.of());
        GpuSample capped = Samples.with(Samples.busy("a", 1), 99, 70, ClockEventReason.SW_POWER_CAP.bit(), 0L, List.of());

        assertThat(find(List.of(hot, capped))).extracting(Problem::kind, Problem::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Problem.Kind.THERMAL_THROTTLE, "a GPU 0 slowed for heat (hw_slowdown, sw_thermal), 84 C"),
                org.assertj.core.groups.Tuple.tuple(Problem.Kind.POWER_THROTTLE, "a GPU 1 held at its power limit (sw_power_cap), 690 W"));
    }

    @Test
    void aTemperatureAtTheLimitIsCalledOutAndOneBelowIsNot() {
        assertThat(find(List.of(Samples.with(Samples.busy("a", 0), 90, 85, 0, 0L, List.of())))).extracting(Problem::text)
                .containsExactly("a GPU 0 at 85 C (limit 85 C)");
        assertThat(find(List.of(Samples.with(Samples.busy("a", 0), 90, 84, 0, 0L, List.of())))).isEmpty();
    }

    @Test
    void xidsStayCalledOutAfterTheSampleThatBroughtThemAndUncorrectedEccToo() {
        ClusterState state = new ClusterState();
        state.update(List.of(Samples.with(Samples.busy("a", 0), 98, 70, 0, 1L, List.of(79L))), Samples.T0);
        state.update(List.of(Samples.with(Samples.busy("a", 0), 98, 70, 0, 1L, List.of(79L, 94L))), Samples.T0);
        state.update(List.of(Samples.with(Samples.busy("a", 0), 98, 70, 0, 1L, List.of())), Samples.T0);

        assertThat(Problems.find(state.snapshot(), Samples.T0, SECOND, Thresholds.DEFAULTS)).extracting(Problem::text)
                .containsExactly("a GPU 0 XID 79, 94 (3 events since monitoring began)", "a GPU 0 1 uncorrected ECC error");
    }

    @Test
    void aNodeSilentForMoreThanThreeIntervalsIsCalledOutInsteadOfItsOldReadings() {
        ClusterState state = new ClusterState();
        state.update(List.of(Samples.busy("a", 0)), Samples.T0.plusSeconds(4));
        state.update(List.of(Samples.with(Samples.busy("b", 0), 0, 30, 0, 0L, List.of())), Samples.T0);
        state.expect("c", Samples.T0.plusMillis(500));
        Instant now = Samples.T0.plusSeconds(4);

        assertThat(Problems.find(state.snapshot(), now, SECOND, Thresholds.DEFAULTS)).extracting(Problem::text)
                .containsExactly("b silent for 4 s", "c silent for 3.5 s (no sample yet)");
        assertThat(Problems.find(state.snapshot(), Samples.T0.plusSeconds(3), SECOND, Thresholds.DEFAULTS))
                .extracting(Problem::kind).containsExactly(Problem.Kind.IDLE_WHILE_OTHERS_BUSY);
    }

    @Test
    void aNodeWhoseAgentStoppedSaysWhy() {
        ClusterState state = new ClusterState();
        state.expect("a", Samples.T0);
        state.down("a", "ncclkit not installed on a");

        assertThat(Problems.find(state.snapshot(), Samples.T0, SECOND, Thresholds.DEFAULTS))
                .containsExactly(new Problem(Problem.Kind.NODE_DOWN, "a", null, "a: ncclkit not installed on a"));
    }

    @Test
    void theLineViewReportsAProblemWhenItAppearsAndWhenItClearsButNotInBetween() {
        LineView view = new LineView();
        GpuSample busy = Samples.busy("a", 0);
        Problem hot = new Problem(Problem.Kind.HOT, "a", 0, "a GPU 0 at 86 C (limit 85 C)");
        Problem hotter = new Problem(Problem.Kind.HOT, "a", 0, "a GPU 0 at 87 C (limit 85 C)");

        assertThat(view.lines(List.of(busy), List.of(hot))).containsExactly(LineView.line(busy), "PROBLEM a GPU 0 at 86 C (limit 85 C)");
        assertThat(view.lines(List.of(), List.of(hotter))).isEmpty();
        assertThat(view.lines(List.of(), List.of())).containsExactly("CLEARED a GPU 0 at 87 C (limit 85 C)");
    }
}
