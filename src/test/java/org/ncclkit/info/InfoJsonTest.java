package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncclkit.report.Json;

import tools.jackson.databind.JsonNode;

/** The shape of {@code ncclkit info --json}: snake_case keys, nulls written out, environment names kept as they are. */
class InfoJsonTest {
    private static JsonNode json(NodeInfo info) {
        return Json.MAPPER.readTree(Json.write(info));
    }

    @Test
    void topLevelKeysAreTheNodeInfoFieldsInSnakeCase() {
        JsonNode node = json(NodeInfoFixtures.withGpus());

        assertThat(node.propertyNames()).containsExactlyInAnyOrder("hostname", "driver_version", "cuda_version", "gpus",
                "gpu_problem", "libraries", "net_plugins", "net_plugin_versions", "efa_devices", "mpirun", "environment");
        assertThat(node.get("hostname").asString()).isEqualTo("gpu-node-1");
        assertThat(node.get("driver_version").asString()).isEqualTo("580.65.06");
        assertThat(node.get("cuda_version").asString()).isEqualTo("13.0");
        assertThat(node.get("gpu_problem").isNull()).isTrue();
        assertThat(node.get("mpirun").asString()).isEqualTo("mpirun (Open MPI) 4.1.7 (/opt/amazon/openmpi/bin/mpirun)");
    }

    @Test
    void gpusCarryBusIdMemoryCapabilityAndNvlinks() {
        JsonNode gpus = json(NodeInfoFixtures.withGpus()).get("gpus");

        assertThat(gpus.isArray()).isTrue();
        assertThat(gpus.size()).isEqualTo(2);
        JsonNode first = gpus.get(0);
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("index", "name", "pci_bus_id", "memory_bytes",
                "compute_capability", "nvlinks_up", "ecc_uncorrected", "persistence_mode");
        assertThat(first.get("pci_bus_id").asString()).isEqualTo("0000:53:00.0");
        assertThat(first.get("memory_bytes").asLong()).isEqualTo(85_520_809_984L);
        assertThat(first.get("compute_capability").asString()).isEqualTo("9.0");
        assertThat(first.get("nvlinks_up").asInt()).isEqualTo(18);
        assertThat(gpus.get(1).get("nvlinks_up").isNull()).isTrue();
        assertThat(first.get("ecc_uncorrected").asLong()).isZero();
        assertThat(first.get("persistence_mode").asBoolean()).isTrue();
        assertThat(gpus.get(1).get("ecc_uncorrected").isNull()).isTrue();
    }

    @Test
    void librariesCarryPathReasonVersionAndError() {
        JsonNode libraries = json(NodeInfoFixtures.withGpus()).get("libraries");

        assertThat(libraries.size()).isEqualTo(3);
        JsonNode nccl = libraries.get(1);
        assertThat(nccl.propertyNames()).containsExactlyInAnyOrder("name", "path", "reason", "version", "error");
        assertThat(nccl.get("name").asString()).isEqualTo("NCCL");
        assertThat(nccl.get("path").asString()).isEqualTo("/opt/nccl/lib/libnccl.so.2");
        assertThat(nccl.get("reason").asString()).isEqualTo("from NCCL_HOME=/opt/nccl");
        assertThat(nccl.get("version").asString()).isEqualTo("2.28.9");
        assertThat(nccl.get("error").isNull()).isTrue();
        JsonNode libfabric = libraries.get(2);
        assertThat(libfabric.get("path").isNull()).isTrue();
        assertThat(libfabric.get("error").asString()).startsWith("libfabric.so.1 not found");
    }

    @Test
    void pluginsEfaDevicesAndEnvironmentKeepTheirValues() {
        JsonNode node = json(NodeInfoFixtures.withGpus());

        assertThat(node.get("net_plugins").values()).extracting(JsonNode::asString).containsExactly(
                "/opt/amazon/ofi-nccl/lib/libnccl-net.so", "/opt/amazon/ofi-nccl/lib/libnccl-net-ofi.so");
        assertThat(node.get("net_plugin_versions").get("/opt/amazon/ofi-nccl/lib/libnccl-net.so").asString())
                .isEqualTo("aws-ofi-nccl 1.16.3");
        assertThat(node.get("efa_devices").get(0).get("name").asString()).isEqualTo("rdmap0s31");
        assertThat(node.get("efa_devices").get(0).get("state").asString()).isEqualTo("ACTIVE");
        assertThat(node.get("efa_devices").get(0).get("rate_gbps").asDouble()).isEqualTo(100.0);
        assertThat(node.get("environment").propertyNames()).containsExactly("FI_PROVIDER", "NCCL_DEBUG");
        assertThat(node.get("environment").get("NCCL_DEBUG").asString()).isEqualTo("INFO");
    }

    @Test
    void aDocumentReadBackIsTheSameNodeAndOlderDocumentsWithoutNewFieldsStillRead() {
        NodeInfo info = NodeInfoFixtures.withGpus();

        assertThat(Json.MAPPER.readValue(Json.write(info), NodeInfo.class)).isEqualTo(info);
        NodeInfo old = Json.MAPPER.readValue("{\"hostname\": \"old\", \"gpus\": [{\"index\": 0, \"name\": \"NVIDIA A100\", "
                + "\"memory_bytes\": 1, \"compute_capability\": \"8.0\", \"nvlinks_up\": 12}], "
                + "\"efa_devices\": [{\"name\": \"rdmap0s31\", \"state\": \"ACTIVE\"}]}", NodeInfo.class);
        assertThat(old.netPluginVersions()).isEmpty();
        assertThat(old.gpus().getFirst().eccUncorrected()).isNull();
        assertThat(old.efaDevices().getFirst().rateGbps()).isNull();
    }

    @Test
    void nodeWithoutDriverHasNullVersionsNoGpusAndTheProblem() {
        JsonNode node = json(NodeInfoFixtures.withoutDriver());

        assertThat(node.get("driver_version").isNull()).isTrue();
        assertThat(node.get("cuda_version").isNull()).isTrue();
        assertThat(node.get("gpus").isEmpty()).isTrue();
        assertThat(node.get("gpu_problem").asString()).isEqualTo(NodeInfoFixtures.NO_DRIVER);
        assertThat(node.get("mpirun").isNull()).isTrue();
        assertThat(node.get("net_plugins").isEmpty()).isTrue();
        assertThat(node.get("efa_devices").isEmpty()).isTrue();
        assertThat(node.get("environment").isObject()).isTrue();
        assertThat(node.get("libraries").get(0).get("error").asString()).isEqualTo("libcuda.so.1 not found");
    }
}
