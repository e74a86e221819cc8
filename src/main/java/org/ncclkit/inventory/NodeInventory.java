package org.ncclkit.inventory;

import org.ncclkit.info.NodeInfo;
import org.ncclkit.report.Json;

import tools.jackson.core.JacksonException;

/** One node's {@code ncclkit info --json} document, under the name the caller knows the node by (its SSH destination). */
public record NodeInventory(String node, NodeInfo info) {

    /** Thrown when a node's document is not an {@code info --json} document; the message names the node. */
    public static final class InventoryException extends RuntimeException {
        InventoryException(String message) {
            super(message);
        }
    }

    /** Reads a document that {@code ncclkit info --json} printed on {@code node}. */
    public static NodeInventory parse(String node, String infoJson) {
        NodeInfo info;
        try {
            info = Json.MAPPER.readValue(infoJson, NodeInfo.class);
        } catch (JacksonException e) {
            throw new InventoryException(node + ": not an ncclkit info --json document (" + e.getOriginalMessage() + ")");
        }
        if (info == null || info.hostname() == null) {
            throw new InventoryException(node + ": not an ncclkit info --json document (no hostname)");
        }
        return new NodeInventory(node, info);
    }
}
