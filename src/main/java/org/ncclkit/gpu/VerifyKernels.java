package org.ncclkit.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;
import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.CudaFunction;
import org.ncclkit.ffi.CudaStream;
import org.ncclkit.ffi.NativeException;

/**
 * The fill and check kernels of {@code verify.cu}, loaded into the current device's context from the jar: from the
 * fatbin (machine code for each GPU architecture, so nothing is compiled at start-up: JIT-compiling the PTX costs
 * about 2 s on an H100 whenever CUDA's cache is empty, on every fresh node), else from the PTX, which any newer GPU or
 * a driver that refuses the fatbin's code can compile. Inputs are built so that every collective's result is exact
 * in the element type whatever order NCCL reduces in; checks compare every element bit for bit on the GPU and count the wrong ones (see
 * docs/commands/perf.md, "How results are checked"). Also the test-only corruptions of {@code --corrupt-for-test}.
 */
public final class VerifyKernels {
    private static final String BINARY_RESOURCE = "verify.fatbin";
    private static final String PTX_RESOURCE = "verify.ptx";
    private static final Map<String, byte[]> IMAGES = new ConcurrentHashMap<>();
    private static final int THREADS = 512;
    private static final int MAX_BLOCKS = 4096;
    /** verify.cu's OP_COPY: the inputs of collectives that only move data (hashed bits, NaNs and zeros included). */
    public static final int COPY = 6;
    private static final String[] CORRUPTIONS = {"corrupt_byte", "corrupt_shift", "corrupt_zero_sign"};

    private final Map<DataType, CudaFunction> fills = new EnumMap<>(DataType.class);
    private final Map<DataType, CudaFunction> checks = new EnumMap<>(DataType.class);
    private final CudaFunction corruptByte;
    private final CudaFunction corruptShift;
    private final CudaFunction corruptZeroSign;

    /** Loads the kernels into the context of the device current on this thread. */
    public VerifyKernels() {
        DataType[] types = DataType.values();
        String[] names = new String[types.length * 2 + CORRUPTIONS.length];
        for (int i = 0; i < types.length; i++) {
            names[2 * i] = "fill_" + types[i].label();
            names[2 * i + 1] = "check_" + types[i].label();
        }
        System.arraycopy(CORRUPTIONS, 0, names, 2 * types.length, CORRUPTIONS.length);
        CudaFunction[] functions = load(names);
        for (int i = 0; i < types.length; i++) {
            fills.put(types[i], functions[2 * i]);
            checks.put(types[i], functions[2 * i + 1]);
        }
        corruptByte = functions[2 * types.length];
        corruptShift = functions[2 * types.length + 1];
        corruptZeroSign = functions[2 * types.length + 2];
    }

    /** The kernels' operation code: the reduction for collectives that reduce, else the copy construction. */
    public static int operationCode(Collective collective, RedOp op) {
        return collective.reduces() ? op.ordinal() : COPY;
    }

    /** Writes rank {@code rank}'s input for {@code seed} into {@code count} elements at {@code address}. */
    public void fill(DataType type, long address, long count, long seed, int rank, int ranks, int operation, CudaStream stream) {
        if (count > 0) {
            CudaDriver.launch(fills.get(type), blocks(count), THREADS, stream, address, count, seed, rank, ranks, operation);
        }
    }

    /**
     * Counts, on the GPU, the {@code count} elements at {@code address} whose bits differ from the expected ones
     * (see {@link Expectation}); {@code counter} is an 8-byte scratch buffer. Waits for the stream.
     */
    public long countWrong(DataType type, long address, long count, long seed, int ranks, Expectation expected, int operation,
                           DeviceBuffer counter, CudaStream stream) {
        if (count == 0) {
            return 0;
        }
        CudaDriver.memsetAsync(counter.address(), 0, Long.BYTES, stream);
        launchCheck(type, address, count, seed, ranks, expected, operation, counter.address(), false, stream);
        CudaDriver.streamSynchronize(stream);
        return ByteBuffer.wrap(CudaDriver.copyFromDevice(counter.address(), Long.BYTES)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Test hook: writes what a check with {@code seed} expects, as a stale result of that earlier check would be. */
    public void writeExpected(DataType type, long address, long count, long seed, int ranks, Expectation expected, int operation,
                              CudaStream stream) {
        if (count > 0) {
            launchCheck(type, address, count, seed, ranks, expected, operation, 0, true, stream);
        }
    }

    private void launchCheck(DataType type, long address, long count, long seed, int ranks, Expectation expected,
                             int operation, long counter, boolean write, CudaStream stream) {
        CudaDriver.launch(checks.get(type), blocks(count), THREADS, stream, address, count, seed, ranks,
                expected.sourceRank(), expected.blockSize(), expected.indexOffset(), operation, counter, write ? 1 : 0);
    }

    /** Test hook: flips bits of one byte. */
    public void corruptByte(long address, CudaStream stream) {
        CudaDriver.launch(corruptByte, 1, 1, stream, address, 0L);
    }

    /** Test hook: moves elements [m, 2m) to [0, m), m = min(16, count / 2): right values in the wrong places. */
    public void corruptPosition(DataType type, long address, long count, CudaStream stream) {
        CudaDriver.launch(corruptShift, 1, 1, stream, address, count, type.bytes());
    }

    /** Test hook: gives the first +0 or -0 among {@code count} floating elements the other sign. */
    public void corruptSignOfZero(DataType type, long address, long count, CudaStream stream) {
        CudaDriver.launch(corruptZeroSign, 1, 1, stream, address, count, type.bytes());
    }

    private static int blocks(long count) {
        return (int) Math.min(MAX_BLOCKS, (count + THREADS - 1) / THREADS);
    }

    private static CudaFunction[] load(String[] names) {
        try {
            return CudaDriver.loadKernels(image(BINARY_RESOURCE), names);
        } catch (NativeException noCodeForThisGpu) { // a newer architecture, or a driver older than the compiler
            byte[] ptx = image(PTX_RESOURCE);
            return CudaDriver.loadKernels(Arrays.copyOf(ptx, ptx.length + 1), names); // PTX text ends with a NUL
        }
    }

    /** An image from the jar, read once per process: every rank's device loads it, and the fatbin is 4 MB. */
    private static byte[] image(String name) {
        return IMAGES.computeIfAbsent(name, VerifyKernels::resource);
    }

    private static byte[] resource(String name) {
        try (InputStream in = VerifyKernels.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the elements of a region must hold: element i comes from rank {@code sourceRank}'s input at index
     * {@code indexOffset + i}; with {@code sourceRank} -1 it is the reduction over all ranks at that index, or with
     * {@code blockSize} > 0 rank {@code i / blockSize}'s input at {@code indexOffset + i % blockSize}; with -2 it is
     * the poison that every receive buffer holds before a check (nothing may write there).
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

        public static Expectation untouched() {
            return new Expectation(-2, 0, 0);
        }
    }
}
