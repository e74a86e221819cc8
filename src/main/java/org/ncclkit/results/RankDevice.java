package org.ncclkit.results;

/** One {@code # Rank N Group G Pid P on HOST device D [BUS] NAME} line (group 0 where the layout has none). */
public record RankDevice(int rank, int group, long pid, String host, int device, String busId, String gpuName) {
}
