package org.ncclkit.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ncclkit.inventory.RecordedInventories.document;
import static org.ncclkit.inventory.RecordedInventories.gpu;
import static org.ncclkit.inventory.RecordedInventories.library;
import static org.ncclkit.inventory.RecordedInventories.nodeName;
import static org.ncclkit.inventory.RecordedInventories.on;
import static org.ncclkit.inventory.RecordedInventories.p5Cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.report.Json;

import tools.jackson.databind.node.ObjectNode;

/** Drift across recorded {@code info --json} documents: who differs, in what, from what the majority has. */
class InventoryDriftTest {
    private static List<String> blamed(List<DriftFinding> findings) {
        return findings.stream().flatMap(f -> f.blamed().stream()).distinct().sorted().toList();
    }

    @Test
    void identicalNodesHaveNoFindings() {
        assertThat(InventoryDrift.find(p5Cluster(16))).isEmpty();
    }

    @Test
    void aNodeWithAnotherDriverIsNamedWithItsValueAndTheMajoritys() {
        List<DriftFinding> findings = InventoryDrift.find(p5Cluster(8, on(5, doc -> doc.put("driver_version", "570.86.15"))));

        assertThat(findings).containsExactly(new DriftFinding(DriftFinding.Kind.DIFFERS, "driver", "node-0005",
                "570.86.15", "580.65.06", 7, 8, Map.of()));
        assertThat(findings.getFirst().describe())
                .isEqualTo("node-0005: driver 570.86.15, the majority has 580.65.06 (7 of 8 nodes)");
    }

    @Test
    void twoDriftingNodesAmong1024AreTheOnlyOnesNamed() {
        List<NodeInventory> cluster = p5Cluster(1024,
                on(100, doc -> library(doc, "NCCL").put("version", "2.26.2"))
                        .and(on(900, doc -> {
                            gpu(doc, 3).put("nvlinks_up", 16);
                            ((ObjectNode) doc.get("efa_devices").get(7)).put("state", "DOWN");
                        })));

        List<DriftFinding> findings = InventoryDrift.find(cluster);

        assertThat(blamed(findings)).containsExactly("node-0100", "node-0900");
        assertThat(findings).extracting(DriftFinding::describe).containsExactly(
                "node-0100: NCCL 2.26.2, the majority has 2.27.7 (1023 of 1024 nodes)",
                "node-0900: EFA devices active 31, the majority has 32 (1023 of 1024 nodes)",
                "node-0900: NVLinks up 18 on GPUs 0,1,2,4,5,6,7; 16 on GPU 3, the majority has 18 on every GPU (1023 of 1024 nodes)");
    }

    @Test
    void twoNodesThatDifferAreBothShownAndNeitherIsBlamed() {
        List<DriftFinding> findings = InventoryDrift.find(p5Cluster(2,
                on(1, doc -> ((ObjectNode) doc.get("environment")).put("NCCL_PROTO", "Simple"))));

        assertThat(findings).hasSize(1);
        DriftFinding split = findings.getFirst();
        assertThat(split.kind()).isEqualTo(DriftFinding.Kind.NO_MAJORITY);
        assertThat(split.blamed()).isEmpty();
        assertThat(split.sides()).containsExactly(Map.entry("Simple", List.of("node-0001")), Map.entry("unset", List.of("node-0000")));
        assertThat(split.describe()).isEqualTo("NCCL_PROTO differs with no majority: Simple on node-0001; unset on node-0000");
    }

    @Test
    void anEvenSplitAmongFourBlamesNoOne() {
        List<DriftFinding> findings = InventoryDrift.find(p5Cluster(4, (i, doc) -> {
            if (i >= 2) {
                library(doc, "libfabric").put("version", "1.22");
            }
        }));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.field()).isEqualTo("libfabric");
            assertThat(f.blamed()).isEmpty();
            assertThat(f.sides()).containsOnlyKeys("1.22", "2.1");
        });
    }

    @Test
    void uncorrectedEccErrorsAreAFindingOnTheirOwnNamingTheGpu() {
        List<DriftFinding> findings = InventoryDrift.find(p5Cluster(8, on(3, doc -> gpu(doc, 2).put("ecc_uncorrected", 3))));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(DriftFinding.Kind.ECC);
            assertThat(f.describe()).isEqualTo("node-0003: uncorrected ECC errors: GPU 2 (0000:75:00.0): 3");
        });
        // every node with errors is named, even when they are the majority
        assertThat(blamed(InventoryDrift.find(p5Cluster(3, (i, doc) -> gpu(doc, 0).put("ecc_uncorrected", 1)))))
                .containsExactly("node-0000", "node-0001", "node-0002");
    }

    @Test
    void aVariableSetOnOneNodeIsUnsetOnTheOthersAndNcclkitVariablesAreIgnored() {
        List<DriftFinding> findings = InventoryDrift.find(p5Cluster(5, (i, doc) -> {
            ObjectNode env = (ObjectNode) doc.get("environment");
            env.put("NCCLKIT_RENDEZVOUS", "leader:" + (29500 + i));
            if (i == 4) {
                env.put("FI_EFA_FORK_SAFE", "1");
                env.remove("NCCL_BUFFSIZE");
            }
        }));

        assertThat(findings).extracting(DriftFinding::describe).containsExactly(
                "node-0004: FI_EFA_FORK_SAFE 1, the majority has unset (4 of 5 nodes)",
                "node-0004: NCCL_BUFFSIZE unset, the majority has 8388608 (4 of 5 nodes)");
    }

    @Test
    void gpuCountModelPluginPersistenceAndLinkRateAreCompared() {
        List<DriftFinding> findings = InventoryDrift.find(p5Cluster(6, on(2, doc -> {
            ((tools.jackson.databind.node.ArrayNode) doc.get("gpus")).remove(7);
            gpu(doc, 4).put("persistence_mode", false);
            ((ObjectNode) doc.get("net_plugin_versions")).put("/opt/amazon/ofi-nccl/lib/libnccl-net.so", "aws-ofi-nccl 1.14.0");
            ((ObjectNode) doc.get("efa_devices").get(0)).put("rate_gbps", 25.0);
        })));

        // 7 GPUs with 18 NVLinks each still read "18 on every GPU": the count is its own finding
        assertThat(findings).extracting(DriftFinding::field).containsExactly("GPU count", "NET plugin", "EFA link rate",
                "persistence mode");
        assertThat(findings).extracting(DriftFinding::value).containsExactly("7", "aws-ofi-nccl 1.14.0, aws-ofi-nccl 1.16.3",
                "100 Gb/s on 31, 25 Gb/s on 1", "enabled on GPUs 0,1,2,3,5,6; disabled on GPU 4");
        assertThat(blamed(findings)).containsExactly("node-0002");
    }

    @Test
    void theReadmesH100VmAndAP5NodeDifferEverywhereWithoutBlame() {
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("vm", Json.write(document("h100-vm")));
        documents.put("p5", Json.write(document("p5-node")));

        List<DriftFinding> findings = InventoryDrift.findInDocuments(documents);

        assertThat(findings).isNotEmpty().allSatisfy(f -> assertThat(f.kind()).isEqualTo(DriftFinding.Kind.NO_MAJORITY));
        assertThat(findings).extracting(DriftFinding::field).contains("GPU count", "driver", "NCCL", "EFA devices",
                "NVLinks up", "NCCL_NVLS_ENABLE");
        assertThat(findings.stream().filter(f -> f.field().equals("NVLinks up")).findFirst().orElseThrow().sides())
                .containsEntry("0 on every GPU", List.of("vm"));
    }

    @Test
    void aDocumentThatIsNotInfoJsonIsOneLineNamingTheNode() {
        assertThatThrownBy(() -> NodeInventory.parse("node-7", "bash: ncclkit: command not found"))
                .isInstanceOf(NodeInventory.InventoryException.class)
                .hasMessageStartingWith("node-7: not an ncclkit info --json document (");
        assertThatThrownBy(() -> NodeInventory.parse("node-8", "{\"answer\": 42}"))
                .hasMessage("node-8: not an ncclkit info --json document (no hostname)");
        assertThatThrownBy(() -> NodeInventory.parse("node-9", "{\"hostname\": \"n9\", \"gpus\": \"eight\"}"))
                .hasMessageStartingWith("node-9: not an ncclkit info --json document (");
        // a document with only a host name is a node with nothing: it differs in everything it lacks
        assertThat(InventoryDrift.find(List.of(NodeInventory.parse("bare", "{\"hostname\": \"bare\"}"),
                p5Cluster(2).get(0), p5Cluster(2).get(1)))).extracting(DriftFinding::node).containsOnly("bare");
    }

    @Test
    void nodesAreNamedAsTheCallerKnowsThem() {
        List<NodeInventory> nodes = p5Cluster(3, on(1, doc -> doc.put("cuda_version", "12.8")));

        assertThat(nodes.get(1).info().hostname()).isEqualTo(nodeName(1));
        assertThat(InventoryDrift.find(nodes)).extracting(DriftFinding::node).containsExactly("node-0001");
    }
}
