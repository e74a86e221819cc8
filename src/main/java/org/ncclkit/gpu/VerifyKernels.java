package org.ncclkit.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaFunction;
import org.ncclkit.ffi.CudaStream;

/**
 * The fill and check kernels of {@code verify.cu}, loaded from the PTX shipped in the jar into the current device's
 * context. Inputs are small integers chosen so that every reduction is exact; checks count wrong elements on the GPU.
 */
public final class VerifyKernels {
    private static final String PTX_RESOURCE = "verify.ptx";
    private static final int THREADS = 512;
    private static final int MAX_BLOCKS = 4096;

    private final Map<DataType, CudaFunction> fills = new EnumMap<>(DataType.class);
    private final Map<DataType, CudaFunction> checks = new EnumMap<>(DataType.class);
    private final CudaFunction corrupt;

    /** Loads the kernels into the context of the device current on this thread. */
    public VerifyKernels() {
        String ptx = readPtx();
        DataType[] types = DataType.values();
        String[] names = new String[types.length * 2 + 1];
        for (int i = 0; i < types.length; i++) {
            names[2 * i] = "fill_" + types[i].label();
            names[2 * i + 1] = "check_" + types[i].label();
        }
        names[names.length - 1] = "corrupt_byte";
        CudaFunction[] functions = CudaDriver.loadKernels(ptx, names);
        for (int i = 0; i < types.length; i++) {
            fills.put(types[i], functions[2 * i]);
            checks.put(types[i], functions[2 * i + 1]);
        }
        corrupt = functions[functions.length - 1];
    }

    /**
     * The range of input values that keeps every partial result exact for this type, op and rank count
     * (e.g. half holds integers exactly up to 2048, so 8 ranks summing get values below 256).
     */
    public static long valueRange(DataType type, RedOp op, int ranks) {
        long exactLimit = switch (type) {
            case HALF -> 2048;
            case BFLOAT16 -> 256;
            case F8E4M3 -> 16;
            case F8E5M2 -> 8;
            default -> 1 << 20;
        };
        long scale = op == RedOp.MULSUM ? 2 : 1;
        return Math.max(2, Math.min(64, exactLimit / ((long) ranks * scale)));
    }

    /** Writes rank {@code rank}'s input for {@code seed} into {@code count} elements at {@code address}. */
    public void fill(DataType type, long address, long count, long seed, int rank, RedOp op, long range, CudaStream stream) {
        if (count > 0) {
            CudaDriver.launch(fills.get(type), blocks(count), THREADS, stream, address, count, seed, rank, op.ordinal(), range);
        }
    }

    /**
     * Counts, on the GPU, the {@code count} elements at {@code address} that differ from the expected result (see
     * {@link Expectation}); {@code counter} is an 8-byte scratch buffer. Waits for the stream.
     */
    public long countWrong(DataType type, long address, long count, long seed, int ranks, Expectation expected, RedOp op,
                           long range, DeviceBuffer counter, CudaStream stream) {
        if (count == 0) {
            return 0;
        }
        CudaDriver.memsetAsync(counter.address(), 0, Long.BYTES, stream);
        CudaDriver.launch(checks.get(type), blocks(count), THREADS, stream, address, count, seed, ranks,
                expected.sourceRank(), expected.blockSize(), expected.indexOffset(), op.ordinal(), range, counter.address());
        CudaDriver.streamSynchronize(stream);
        return ByteBuffer.wrap(CudaDriver.copyFromDevice(counter.address(), Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Flips the bits of one byte: a test-only way to prove that checks catch a corrupted result. */
    public void corruptByte(long address, CudaStream stream) {
        CudaDriver.launch(corrupt, 1, 1, stream, address, 0L);
    }

    private static int blocks(long count) {
        return (int) Math.min(MAX_BLOCKS, (count + THREADS - 1) / THREADS);
    }

    private static String readPtx() {
        try (InputStream in = VerifyKernels.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PTX_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the elements of an output must hold: element i comes from rank {@code sourceRank} (or is the reduction
     * over all ranks when -1) at input index {@code indexOffset + i % blockSize}; with {@code blockSize} > 0 the
     * source rank is {@code i / blockSize} instead.
     */
    public record Expectation(long sourceRank, long blockSize, long indexOffset) {
        public static Expectation reduction(long indexOffset) {
            return new Expectation(-1, 0, indexOffset);
        }

        public static Expectation copyOf(int rank, long indexOffset) {
            return new Expectation(rank, 0, indexOffset);
        }

        public static Expectation blocksFromEachRank(long blockSize, long indexOffset) {
            return new Expectation(-1, blockSize, indexOffset);
        }
    }
}
