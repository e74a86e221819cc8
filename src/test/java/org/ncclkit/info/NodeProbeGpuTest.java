package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncclkit.expected.ExpectedBandwidth;
import org.ncclkit.expected.LocalHardware;
import org.ncclkit.expected.NodeHardware;
import org.ncclkit.report.Json;
import org.ncclkit.testing.GpuTest;

/** The probe on a GPU node: NVML's per-GPU fields are read, the document reads back, and the model takes the node. */
@GpuTest
class NodeProbeGpuTest {
    @Test
    void everyGpuHasItsPersistenceModeAndEccCountAndTheNodeIsModelled() {
        NodeInfo info = NodeProbe.probe();

        assertThat(info.hasGpu()).as(info.gpuProblem()).isTrue();
        assertThat(info.gpus()).isNotEmpty().allSatisfy(gpu -> {
            assertThat(gpu.persistenceMode()).as("persistence mode of GPU %d", gpu.index()).isNotNull();
            assertThat(gpu.nvlinksUp()).as("NVLinks up of GPU %d", gpu.index()).isNotNull();
            if (gpu.eccUncorrected() != null) {
                assertThat(gpu.eccUncorrected()).isNotNegative();
            }
        });
        assertThat(Json.MAPPER.readValue(Json.write(info), NodeInfo.class)).isEqualTo(info);
        NodeHardware hardware = LocalHardware.from(info);
        assertThat(hardware.gpus()).isEqualTo(info.gpus().size());
        assertThat(hardware.gpuLinkTotalGBps()).isPositive();
        if (info.gpus().size() > 1) {
            assertThat(ExpectedBandwidth.forRun(info, 1, info.gpus().size(), java.util.Map.of())).isPresent();
        }
    }
}
