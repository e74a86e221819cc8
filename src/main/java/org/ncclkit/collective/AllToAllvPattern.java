package org.ncclkit.collective;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who sends how many bytes to whom in nccl-tests' {@code alltoallv_perf} ({@code src/alltoallv.cu}). Without
 * {@code NCCL_TESTS_ALLTOALLV_MATRIX_FILE}, a generated pattern: each rank sends its size in total, blended between
 * equal shares and shares that grow with the distance {@code (j - i) mod n} by {@code NCCL_TESTS_ALLTOALLV_SPREAD}
 * (0 to 1, default 1); every rank sends and receives the same. With the file, a square matrix of bytes from row to
 * column, scaled by {@code NCCL_TESTS_ALLTOALLV_MATRIX_SCALE}. Every share is rounded down to 16 bytes.
 */
public final class AllToAllvPattern {
    public static final String MATRIX_FILE = "NCCL_TESTS_ALLTOALLV_MATRIX_FILE";
    public static final String SPREAD = "NCCL_TESTS_ALLTOALLV_SPREAD";
    public static final String MATRIX_SCALE = "NCCL_TESTS_ALLTOALLV_MATRIX_SCALE";
    public static final String PRINT_SUMMARY = "NCCL_TESTS_ALLTOALLV_PRINT_SUMMARY";
    private static final long ALIGN = ~15L;
    private static volatile AllToAllvPattern active;

    private final double spread;
    private final long[][] matrix; // null for the generated pattern
    private final double scale;
    private final String matrixFile;
    private final boolean printSummary;

    private AllToAllvPattern(double spread, long[][] matrix, double scale, String matrixFile, boolean printSummary) {
        this.spread = spread;
        this.matrix = matrix;
        this.scale = scale;
        this.matrixFile = matrixFile;
        this.printSummary = printSummary;
    }

    /** The pattern this process's environment asks for, read once as nccl-tests does. */
    public static AllToAllvPattern active() {
        AllToAllvPattern pattern = active;
        if (pattern == null) {
            pattern = fromEnvironment(System.getenv());
            active = pattern;
        }
        return pattern;
    }

    /**
     * The pattern of these variables. Spread and scale that are not numbers keep their defaults and are clamped
     * (spread to 0..1, scale to at least 0), as nccl-tests does.
     *
     * @throws IllegalArgumentException when the matrix file cannot be read or is not a square of non-negative numbers
     */
    public static AllToAllvPattern fromEnvironment(Map<String, String> env) {
        double spread = Math.clamp(number(env.get(SPREAD), 1.0), 0.0, 1.0);
        double scale = Math.max(0.0, number(env.get(MATRIX_SCALE), 1.0));
        boolean summary = env.get(PRINT_SUMMARY) != null && CNumbers.atoi(env.get(PRINT_SUMMARY)) != 0;
        String file = env.get(MATRIX_FILE);
        return new AllToAllvPattern(spread, file == null ? null : readMatrix(Path.of(file), scale), scale, file, summary);
    }

    /** Whether the shares are generated (else they come from the matrix file). */
    public boolean generated() {
        return matrix == null;
    }

    /** Whether {@code NCCL_TESTS_ALLTOALLV_PRINT_SUMMARY} asks for the per-rank lines after each measurement. */
    public boolean printSummary() {
        return printSummary;
    }

    /** The matrix's side (0 for the generated pattern). */
    public int matrixSize() {
        return matrix == null ? 0 : matrix.length;
    }

    /** Bytes rank {@code from} sends to rank {@code to}; {@code totalBytes} is what each rank sends in a generated pattern. */
    public long peerBytes(int from, int to, int ranks, long totalBytes) {
        if (matrix != null) {
            return matrix[from][to];
        }
        if (ranks == 1) {
            return totalBytes & ALIGN;
        }
        int distance = Math.floorMod(to - from, ranks);
        long distanceSum = (long) ranks * (ranks - 1) / 2;
        double uniform = (double) totalBytes / ranks;
        double weighted = (double) distance * totalBytes / distanceSum;
        return (long) ((1.0 - spread) * uniform + spread * weighted) & ALIGN;
    }

    /** The per-peer count the generated pattern passes as {@code count} (0 with a matrix), as nccl-tests computes it. */
    public long paramCount(long count, DataType type, int ranks) {
        return generated() ? (count / ranks) & -(16L / type.bytes()) : 0;
    }

    /** Elements the busiest rank sends and receives: {@code [send, receive]}. */
    public long[] maxCounts(DataType type, int ranks, long totalBytes) {
        long maxSend = 0;
        long maxReceive = 0;
        for (int i = 0; i < (generated() ? 1 : ranks); i++) { // generated patterns are the same on every rank
            long send = 0;
            long receive = 0;
            for (int j = 0; j < ranks; j++) {
                send += peerBytes(i, j, ranks, totalBytes) / type.bytes();
                receive += peerBytes(j, i, ranks, totalBytes) / type.bytes();
            }
            maxSend = Math.max(maxSend, send);
            maxReceive = Math.max(maxReceive, receive);
        }
        return new long[] {maxSend, maxReceive};
    }

    /**
     * The refusal nccl-tests prints before running this pattern on {@code ranks} ranks with sizes {@code minBytes}
     * to {@code maxBytes}, or null when it runs.
     */
    public String refusal(int ranks, long minBytes, long maxBytes) {
        if (generated()) {
            return null;
        }
        if (ranks > matrix.length) {
            return "Invalid alltoallv traffic matrix, requested nranks (" + ranks + ") is larger than matrix size ("
                    + matrix.length + ") in file " + matrixFile + ".";
        }
        if (minBytes != maxBytes) {
            return "-b and -e options must be set to the same value (e.g., -b 32M -e 32M) when using alltoallv "
                    + "traffic matrix mode.";
        }
        long[] max = maxCounts(DataType.INT8, ranks, 0);
        long required = Math.max(max[0], max[1]);
        if (maxBytes < required) {
            return "maxBytes (-e) must be at least " + required + " bytes as required by traffic matrix file "
                    + matrixFile + " (got " + maxBytes + "). Increase -e.";
        }
        return null;
    }

    /** nccl-tests' {@code NCCL_TESTS_ALLTOALLV_PRINT_SUMMARY} lines for one measurement of {@code seconds}. */
    public List<String> summary(int ranks, long totalBytes, double seconds) {
        List<String> lines = new ArrayList<>();
        lines.add(generated()
                ? String.format(Locale.ROOT, "# NCCL_TESTS_ALLTOALLV_PRINT_SUMMARY: mode=generated nranks=%d "
                        + "total_bytes=%d spread=%.3f time_usec=%.2f", ranks, totalBytes, spread, seconds * 1e6)
                : String.format(Locale.ROOT, "# NCCL_TESTS_ALLTOALLV_PRINT_SUMMARY: mode=matrix nranks=%d "
                        + "matrix_dim=%d scale=%.3f time_usec=%.2f", ranks, matrix.length, scale, seconds * 1e6));
        for (int rank = 0; rank < ranks; rank++) {
            long send = 0;
            long receive = 0;
            for (int peer = 0; peer < ranks; peer++) {
                send += peerBytes(rank, peer, ranks, totalBytes);
                receive += peerBytes(peer, rank, ranks, totalBytes);
            }
            double algBw = Math.max(send, receive) / 1e9 / seconds;
            lines.add(String.format(Locale.ROOT, "#   rank=%d send_bytes=%d recv_bytes=%d alg_bw=%.2f bus_bw=%.2f",
                    rank, send, receive, algBw, algBw * (ranks - 1) / ranks));
        }
        return lines;
    }

    private static long[][] readMatrix(Path file, double scale) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Unable to open alltoallv traffic matrix file " + file + ".");
        }
        List<long[]> rows = new ArrayList<>();
        int row = 0;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue; // nccl-tests counts a row at each newline after values only
            }
            String[] cells = trimmed.split("\\s+");
            long[] values = new long[cells.length];
            for (int col = 0; col < cells.length; col++) {
                double v;
                try {
                    v = Double.parseDouble(cells[col]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid alltoallv traffic matrix value at row " + row + " col "
                            + col + " in file " + file + ".");
                }
                if (v < 0) {
                    throw new IllegalArgumentException("Invalid alltoallv traffic matrix value at row " + row + " col "
                            + col + " in file " + file + ". Value must be non-negative.");
                }
                values[col] = new BigDecimal(v).multiply(new BigDecimal(scale)).longValue() & ALIGN;
            }
            if (!rows.isEmpty() && values.length != rows.getFirst().length) {
                throw new IllegalArgumentException("Invalid alltoallv traffic matrix column count in file " + file
                        + " row " + row + ". Expected " + rows.getFirst().length + " columns, got " + values.length + ".");
            }
            rows.add(values);
            row++;
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Invalid alltoallv traffic matrix, file " + file + " is empty.");
        }
        if (rows.size() != rows.getFirst().length) {
            throw new IllegalArgumentException("Invalid alltoallv traffic matrix, file " + file + " must be square (got "
                    + rows.size() + "x" + rows.getFirst().length + ").");
        }
        return rows.toArray(long[][]::new);
    }

    /** C's {@code strtod} of the whole text, or the default when the text is absent or not entirely a number. */
    private static double number(String text, double otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
