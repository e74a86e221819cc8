package org.ncclkit.htmlreport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ncclkit.check.CheckStep;
import org.ncclkit.report.Json;
import org.ncclkit.validate.Evidence;
import org.ncclkit.validate.NodeVerdict;
import org.ncclkit.validate.ValidateReport;

/**
 * A validate document of 4 nodes written by validate's own writer ({@link Json}): vm/node-1 SUSPECT (slow in the
 * plugin step's pairs, its evidence lines worded as the plugin step words them), vm/node-2 FAIL (uncorrected ECC
 * errors, as the inventory step words them), the network-only all_reduce below its expected band; vm/node-3 without
 * the software the inventory step records (as in a document from before it did).
 */
final class ValidateDocument {
    static final String SLOW_1 = "round 1: with vm/node-3: slow: 0.00373 GB/s, 3% of the baseline 0.110 GB/s (limit 50%)";
    static final String SLOW_2 = "round 2: with good node vm/node-0: slow: 0.00347 GB/s, 2% of the baseline 0.216 GB/s (limit 50%)";
    static final String ECC = "uncorrected ECC errors: GPU 5 (0000:a8:00.0): 2";
    static final String COMPARE_NICS = "compare this node's NICs with a good node's (link rate, fi_info -p efa, PCIe "
            + "placement) and rerun 'ncclkit check plugin' between the two; drain it if it stays slow";
    static final String DRAIN = "drain the node: a GPU has uncorrected ECC errors (nvidia-smi -q -d ECC); reset or replace it";

    /** What the inventory step records of a node ({@code InventoryField.software}); vm/node-3's is left out. */
    static final Map<String, String> SOFTWARE = orderedSoftware();

    private ValidateDocument() {
    }

    static ValidateReport report(String started) {
        ValidateReport.Pair good = new ValidateReport.Pair("vm/node-0", "vm/node-2", 0.110, 0.112, 41.0, 0, null, "");
        ValidateReport.Pair slow = new ValidateReport.Pair("vm/node-1", "vm/node-3", 0.00373, 0.0041, 900.0, 0, null,
                "slow: 0.00373 GB/s, 3% of the baseline 0.110 GB/s (limit 50%)");
        ValidateReport.Pair retest = new ValidateReport.Pair("vm/node-0", "vm/node-1", 0.00347, 0.0039, 880.0, 0, null,
                "slow: 0.00347 GB/s, 2% of the baseline 0.216 GB/s (limit 50%)");
        ValidateReport.Pair cleared = new ValidateReport.Pair("vm/node-2", "vm/node-3", 0.216, 0.220, 40.0, 0, null, "");
        List<ValidateReport.Node> nodes = List.of(
                new ValidateReport.Node("vm/node-0", 0, "leaf-a", NodeVerdict.PASS, List.of(), "", SOFTWARE),
                new ValidateReport.Node("vm/node-1", 1, "leaf-a", NodeVerdict.SUSPECT, List.of(
                        new Evidence("plugin", NodeVerdict.SUSPECT, SLOW_1, COMPARE_NICS),
                        new Evidence("plugin", NodeVerdict.SUSPECT, SLOW_2, COMPARE_NICS)), COMPARE_NICS, SOFTWARE),
                new ValidateReport.Node("vm/node-2", 2, "leaf-b", NodeVerdict.FAIL, List.of(
                        new Evidence("inventory", NodeVerdict.FAIL, ECC, DRAIN)), DRAIN, SOFTWARE),
                new ValidateReport.Node("vm/node-3", 3, "", NodeVerdict.PASS, List.of(), "", Map.of()));
        List<ValidateReport.Step> steps = List.of(
                new ValidateReport.Step("inventory", CheckStep.Outcome.FAIL, "4 inventories; 1 node(s) differ from the majority", List.of()),
                new ValidateReport.Step("plugin", CheckStep.Outcome.FAIL, "2 rounds, 4 pair tests, baseline 0.110 GB/s; "
                        + "vm/node-1 SUSPECT", List.of(new ValidateReport.Round(1, false, 1, 0.110, 41.0, List.of(good, slow)),
                        new ValidateReport.Round(2, true, 1, 0.216, null, List.of(retest, cleared)))),
                new ValidateReport.Step("p2p", CheckStep.Outcome.SKIPPED, "no GPU on vm/node-0", List.of()),
                new ValidateReport.Step("collectives", CheckStep.Outcome.FAIL, "network only below its expected band", List.of()));
        List<ValidateReport.Busbw> busbw = List.of(
                new ValidateReport.Busbw("all GPUs", "all_reduce", 1L << 30, 171.42, 180.0, 162.0, "2 nodes x 8 GPUs, 4 x 100 Gb/s EFA", 0),
                new ValidateReport.Busbw("network only", "all_reduce", 1L << 30, 31.07, 45.0, 40.5, "2 nodes x 1 GPU, 4 x 100 Gb/s EFA", 0),
                new ValidateReport.Busbw("NVLink only: vm/node-0", "all_reduce", 1L << 30, 362.5, null, null,
                        "the model gives no figure for this shape (no NIC rate known, or one GPU in all)", 0));
        return new ValidateReport(ValidateReport.SCHEMA, "0.1.0", started, 14.0, 600, "ranks", nodes, steps, busbw,
                List.of("vm/node-1", "vm/node-2"), 7);
    }

    private static Map<String, String> orderedSoftware() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("GPU count", "8");
        fields.put("GPU model", "NVIDIA H100 80GB HBM3");
        fields.put("driver", "580.65.06");
        fields.put("CUDA", "13.0");
        fields.put("NCCL", "2.27.7");
        fields.put("libfabric", "2.1");
        fields.put("NET plugin", "aws-ofi-nccl 1.16.3");
        return fields;
    }

    static Path write(Path file, String started) throws IOException {
        Files.writeString(file, Json.write(report(started)));
        return file;
    }
}
