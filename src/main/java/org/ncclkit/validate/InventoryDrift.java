package org.ncclkit.validate;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code validate} needs of the drift finder: from every node's {@code ncclkit info --json}, the nodes that
 * differ from the majority, each field with both values. Empty when this build has no drift finder.
 */
public interface InventoryDrift {
    /** One field on which one node differs from the majority. */
    record Difference(String node, String field, String value, String majority) {
    }

    /** The differences, or empty (not an empty list) when inventories cannot be compared here. */
    Optional<List<Difference>> find(Map<String, String> infoJsonByNode);

    InventoryDrift NONE = inventories -> Optional.empty();
}
