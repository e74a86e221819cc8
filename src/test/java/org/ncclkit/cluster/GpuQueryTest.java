package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading a node's GPU count from what the query script printed. */
class GpuQueryTest {
    private static CommandOutput output(int status, String out) {
        return new CommandOutput(CommandExit.of(status), out, "");
    }

    @Test
    void nvidiaSmiCountsGpuLinesAndNotTheirMigDevices() {
        GpuQuery.GpuCount count = GpuQuery.parse(output(0, """
                ncclkit-source nvidia-smi
                GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5d5ba0d6-d33d-2b2c-524d-9e3d8d2b8a3c)
                  MIG 3g.20gb     Device  0: (UUID: MIG-1a8a0c45-4f0f-5b6e-8c8d-8d3c2c1b9b8e)
                  MIG 3g.20gb     Device  1: (UUID: MIG-3a0f3f5e-8d8e-5d4e-9c8a-2b1c3d4e5f6a)
                GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-6e6cb1e7-e44e-3c3d-635e-af4e9e3c9b4d)
                """));

        assertThat(count).isEqualTo(new GpuQuery.GpuCount(2, "nvidia-smi"));
    }

    @Test
    void nvidiaSmiListingNothingIsNoGpu() {
        assertThatThrownBy(() -> GpuQuery.parse(output(0, "ncclkit-source nvidia-smi\n")))
                .hasMessage("no GPU: nvidia-smi -L listed none");
    }

    @Test
    void unreadableJsonFromNcclkitIsSaidPlainly() {
        assertThatThrownBy(() -> GpuQuery.parse(output(0, "ncclkit-source ncclkit\nError: Unable to access jarfile\n")))
                .isInstanceOf(SshFailure.class).hasMessageStartingWith("ncclkit info --json printed no JSON: ");
    }

    @Test
    void aScriptThatNeverRanSaysHowItEnded() {
        assertThatThrownBy(() -> GpuQuery.parse(new CommandOutput(CommandExit.of(127), "", "sh: 1: /bin/sh: not found\n")))
                .hasMessage("could not ask for the GPU count (exit 127: sh: 1: /bin/sh: not found)");
    }

    @Test
    void theScriptRunsInARealShellAndReportsWhatIsMissing() {
        CommandOutput run = LocalShell.capture(GpuQuery.SCRIPT, Map.of("PATH", "/nonexistent"), Duration.ofSeconds(20));

        assertThatThrownBy(() -> GpuQuery.parse(run)).hasMessage("neither nvidia-smi nor ncclkit is on the PATH of a "
                + "non-interactive SSH login (PATH=/nonexistent)");
    }
}
