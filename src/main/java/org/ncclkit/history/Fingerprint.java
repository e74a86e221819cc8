package org.ncclkit.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What must be the same for two runs to be compared as like with like: the hosts, the GPU model, the driver, NCCL,
 * NET plugin and libfabric versions, the {@code NCCL_*}/{@code FI_*} environment and the command. Its {@link #id()}
 * is a short hash of all of them; {@link #differences} says which fields two fingerprints disagree on.
 */
public record Fingerprint(List<String> hosts, String gpuModel, String driver, String nccl, String plugin,
                          String libfabric, Map<String, String> environment, String command) {

    public Fingerprint {
        hosts = List.copyOf(hosts);
        environment = new TreeMap<>(environment);
    }

    /** The fields by name, in a fixed order: what the hash covers and what {@code history show} prints. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("hosts", String.join(",", hosts));
        fields.put("gpu", gpuModel);
        fields.put("driver", driver);
        fields.put("nccl", nccl);
        fields.put("plugin", plugin);
        fields.put("libfabric", libfabric);
        fields.put("environment", environment.toString());
        fields.put("command", command);
        return fields;
    }

    /** The first 12 hex digits of the SHA-256 of {@link #fields()}. */
    public String id() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(fields().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** One line per field that differs: {@code nccl: 2.27.5 -> 2.27.7}. */
    public List<String> differences(Fingerprint other) {
        List<String> lines = new ArrayList<>();
        Map<String, String> mine = fields();
        other.fields().forEach((name, value) -> {
            if (!value.equals(mine.get(name))) {
                lines.add(name + ": " + mine.get(name) + " -> " + value);
            }
        });
        return lines;
    }
}
