package org.ncclkit.results;

/**
 * One row of a results table. {@code root} is -1 where the layout has none; either placement is null where the row has
 * no such measurement (replayed traffic prints only in-place).
 */
public record SizeRow(long sizeBytes, long count, String type, String redop, int root, Placement outOfPlace,
                      Placement inPlace) {

    /** The better-known of the two placements for charts and comparisons: out-of-place, else in-place. */
    public Placement primary() {
        return outOfPlace != null ? outOfPlace : inPlace;
    }
}
