package org.ncclkit.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.ncclkit.report.Json;
import org.ncclkit.testing.RecordedNodes;

import tools.jackson.databind.node.ObjectNode;

/**
 * Clusters of the recorded {@code info --json} documents ({@link RecordedNodes}), each member a copy that can be edited
 * before it is read back.
 */
final class RecordedInventories {
    private RecordedInventories() {
    }

    static ObjectNode document(String name) {
        return (ObjectNode) Json.MAPPER.readTree(RecordedNodes.document(name));
    }

    static String nodeName(int i) {
        return String.format("node-%04d", i);
    }

    /** {@code size} copies of the p5 document named node-0000..., each passed to {@code edit} with its index first. */
    static List<NodeInventory> p5Cluster(int size, Edit edit) {
        ObjectNode template = document("p5-node");
        List<NodeInventory> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ObjectNode doc = template.deepCopy();
            doc.put("hostname", nodeName(i));
            edit.apply(i, doc);
            nodes.add(NodeInventory.parse(nodeName(i), Json.write(doc)));
        }
        return nodes;
    }

    static List<NodeInventory> p5Cluster(int size) {
        return p5Cluster(size, (i, doc) -> { });
    }

    /** Edits node {@code index} where it is {@code target}. */
    static Edit on(int target, Consumer<ObjectNode> change) {
        return (i, doc) -> {
            if (i == target) {
                change.accept(doc);
            }
        };
    }

    interface Edit {
        void apply(int index, ObjectNode document);

        default Edit and(Edit next) {
            return (i, doc) -> {
                apply(i, doc);
                next.apply(i, doc);
            };
        }
    }

    static ObjectNode gpu(ObjectNode doc, int index) {
        return (ObjectNode) doc.get("gpus").get(index);
    }

    static ObjectNode library(ObjectNode doc, String name) {
        for (var library : doc.get("libraries")) {
            if (library.get("name").asString().equals(name)) {
                return (ObjectNode) library;
            }
        }
        throw new IllegalArgumentException("no library " + name);
    }
}
