package org.ncclkit.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class MonitorViewTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    /** The state after playing the whole two-node recording, as {@code monitor --replay} builds it. */
    private static ClusterState replayed() {
        ClusterState state = new ClusterState();
        RecordedSampler sampler = RecordedSampler.read(Samples.twoNodes());
        while (!sampler.finished()) {
            sampler.sample().forEach(sample -> state.update(List.of(sample), sample.time()));
        }
        return state;
    }

    private static List<String> frame(ClusterState state, boolean colour) {
        Instant now = state.newestSampleTime();
        List<ClusterState.Node> nodes = state.snapshot();
        return new MonitorView(Thresholds.DEFAULTS, colour).frame(nodes, Problems.find(nodes, now, SECOND, Thresholds.DEFAULTS),
                now, SECOND);
    }

    @Test
    void aFrameWithoutColourIsPlainTextInEightyColumns() {
        List<String> frame = frame(replayed(), false);

        assertThat(String.join("\n", frame)).isEqualTo("""
                ncclkit monitor  2 nodes, 4 GPUs, every 1 s   2026-11-25 21:40:02 UTC
                GPU  UTIL     MEM GiB SM MHz  POWER  TEMP   PCIe MB/s NVLink GB/s  STATE
                node-a  2 x NVIDIA H100 80GB HBM3
                  0   98%   71.2/79.6   1980   690W   71C    1204/980 302.9/297.9  ok
                  1   97%   71.2/79.6   1755   612W   86C    1198/975 301.0/296.0  THERMAL,HOT
                node-b  2 x NVIDIA H100 80GB HBM3
                  0   99%   71.2/79.6   1980   700W   69C    1210/990 303.5/298.0  XID
                  1    0%    1.1/79.6    345    72W   38C         0/0     0.0/0.0  IDLE!
                cluster 2/2 up, util 74% avg, 3 busy, 1 idle, 1 throttled, 2.1 kW, max 86 C
                4 problems:
                  ! node-b GPU 0 XID 79 (1 event since monitoring began)
                  ! node-a GPU 1 slowed for heat (sw_thermal), 86 C
                  ! node-a GPU 1 at 86 C (limit 85 C)
                  ! node-b GPU 1 idle (0%) while 3 other GPUs are busy""");
        assertThat(frame).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80).doesNotContain("\033"));
    }

    @Test
    void onATerminalHotAndThrottledRowsAreRedAndIdleOnesCyan() {
        List<String> frame = frame(replayed(), true);

        assertThat(frame).anySatisfy(line -> assertThat(line).startsWith("\033[31m  1   97%").endsWith("\033[0m"));
        assertThat(frame).anySatisfy(line -> assertThat(line).startsWith("\033[36m  1    0%"));
        assertThat(frame).anySatisfy(line -> assertThat(line).startsWith("  0   98%")); // a healthy row has no colour
        assertThat(frame).allSatisfy(line -> assertThat(line.replaceAll("\033\\[[0-9;]*m", "")).hasSizeLessThanOrEqualTo(80));
    }

    @Test
    void aRefreshRedrawsInPlaceFromTheTopAndClearsWhatTheLastFrameLeft() {
        assertThat(MonitorView.refresh(List.of("one", "two"))).isEqualTo("\033[Hone\033[K\ntwo\033[K\n\033[J");
    }

    @Test
    void aNodeThatIsDownOrWaitingSaysSoInItsHeading() {
        ClusterState state = new ClusterState();
        state.update(List.of(Samples.busy("node-a", 0)), Samples.T0);
        state.expect("node-b", Samples.T0);
        state.expect("node-c", Samples.T0);
        state.down("node-c", "ncclkit not installed on node-c (not on the PATH of a non-interactive SSH login)");

        List<String> frame = frame(state, false);

        assertThat(frame).contains("node-b  waiting for the first sample", "node-c  DOWN",
                "cluster 2/3 up, util 98% avg, 1 busy, 0 idle, 0 throttled, 690 W, max 71 C");
        assertThat(frame).containsSubsequence("  ! node-c: ncclkit not installed on node-c (not on the PATH of a",
                "    non-interactive SSH login)");
    }

    @Test
    void unknownValuesShowAsADash() {
        ClusterState state = new ClusterState();
        state.update(List.of(Samples.sparse("ws", 0)), Samples.T0);

        assertThat(frame(state, false)).contains("  0   12%      -/24.0      -      -   45C           -           -  ok");
    }
}
