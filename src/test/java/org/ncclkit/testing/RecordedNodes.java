package org.ncclkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.ncclkit.info.NodeInfo;
import org.ncclkit.report.Json;

/**
 * Recorded {@code ncclkit info --json} documents in the shape {@code info} writes them: {@code p5-node} (a p5.48xlarge:
 * 8 x H100 with 18 NVLinks up, 32 EFA devices at 100 Gb/s, aws-ofi-nccl 1.16.3) and {@code h100-vm} (the README's
 * one-GPU H100 machine, no EFA, with the fields info has gained since).
 */
public final class RecordedNodes {
    private RecordedNodes() {
    }

    /** The document as {@code info --json} printed it. */
    public static String document(String name) {
        try (InputStream in = RecordedNodes.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded node " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static NodeInfo node(String name) {
        return Json.MAPPER.readValue(document(name), NodeInfo.class);
    }
}
