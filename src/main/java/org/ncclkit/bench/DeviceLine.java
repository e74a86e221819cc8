package org.ncclkit.bench;

import java.util.List;
import java.util.stream.Stream;

/** One rank's line under {@code # Using devices}: who runs where, on which GPU. */
public record DeviceLine(int rank, int group, long pid, String hostname, int device, String pciBusId, String gpuName) {
    private static final String FIELD = "\t";

    /** Every process's lines, in rank order, gathered to rank 0 of the group (the others get an empty list). */
    public static List<DeviceLine> gather(ProcessGroup group, List<DeviceLine> mine) {
        String text = String.join("\n", mine.stream().map(DeviceLine::encode).toList());
        return group.gatherToRankZero(text).stream()
                .flatMap(lines -> lines.isEmpty() ? Stream.empty() : lines.lines())
                .map(DeviceLine::decode).toList();
    }

    private String encode() {
        return String.join(FIELD, String.valueOf(rank), String.valueOf(group), String.valueOf(pid), hostname,
                String.valueOf(device), pciBusId, gpuName);
    }

    private static DeviceLine decode(String line) {
        String[] f = line.split(FIELD, -1);
        return new DeviceLine(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3],
                Integer.parseInt(f[4]), f[5], f[6]);
    }
}
