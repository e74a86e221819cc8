package org.ncclkit.check;

import java.util.List;

import org.ncclkit.report.Json;

/** One rank's node and its measurements with every peer, as sent to rank 0 (as JSON) at the end of {@code check p2p}. */
public record RankMeasurements(int rank, String node, List<PeerMeasurement> peers) {

    /**
     * The node a process runs on as NCCL sees it: the host name, with {@code NCCL_HOSTID} when set (processes with
     * different host ids are different nodes to NCCL, as under {@code ncclkit run --simulate-nodes}).
     */
    public static String node(String hostname, String ncclHostId) {
        return ncclHostId == null || ncclHostId.isBlank() ? hostname : hostname + "/" + ncclHostId;
    }

    public String toJson() {
        return Json.write(this);
    }

    public static RankMeasurements fromJson(String json) {
        return Json.MAPPER.readValue(json, RankMeasurements.class);
    }
}
