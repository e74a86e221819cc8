package org.ncclkit.bench;

/**
 * One line of the results table: size in bytes ({@code max(send, recv)}), count passed to NCCL, type, reduction
 * ({@code none} for non-reducing collectives), root (-1 where the collective has none) and both placements.
 * {@code timestamp} is set with {@code -S 1}.
 */
public record ResultRow(long sizeBytes, long count, String type, String redop, int root, Measurement outOfPlace,
                        Measurement inPlace, int actualIterations, String timestamp) {
}
