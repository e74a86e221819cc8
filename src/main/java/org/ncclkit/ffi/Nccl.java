package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * NCCL ({@code libnccl.so.2}) through FFM. Device buffers are passed as addresses ({@code long}); data types and
 * reduction operations as NCCL's enum values. Every failure becomes a {@link NativeException} carrying
 * {@code ncclGetErrorString} and, where a communicator is known, {@code ncclGetLastError}.
 */
public final class Nccl {
    private static final String LIBRARY = "NCCL";
    private static final StructLayout UNIQUE_ID = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(UniqueId.SIZE, JAVA_BYTE).withName("internal"));
    private static final NativeLibrary LIB = Libraries.get(LibrarySpec.NCCL);

    private static final MethodHandle GET_VERSION = LIB.function("ncclGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GET_UNIQUE_ID = LIB.function("ncclGetUniqueId", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle COMM_INIT_RANK = LIB.function("ncclCommInitRank",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, UNIQUE_ID, JAVA_INT));
    private static final MethodHandle COMM_INIT_ALL = LIB.function("ncclCommInitAll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle COMM_DESTROY = LIB.function("ncclCommDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle COMM_FINALIZE = LIB.function("ncclCommFinalize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle COMM_ABORT = LIB.function("ncclCommAbort", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle COMM_ASYNC_ERROR = LIB.function("ncclCommGetAsyncError",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle COMM_COUNT = LIB.function("ncclCommCount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle COMM_DEVICE = LIB.function("ncclCommCuDevice", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle COMM_RANK = LIB.function("ncclCommUserRank", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ERROR_STRING = LIB.function("ncclGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle LAST_ERROR = LIB.function("ncclGetLastError", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle GROUP_START = LIB.function("ncclGroupStart", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GROUP_END = LIB.function("ncclGroupEnd", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle RED_OP_CREATE_PRE_MUL_SUM = LIB.function("ncclRedOpCreatePreMulSum",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle RED_OP_DESTROY = LIB.function("ncclRedOpDestroy",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle ALL_REDUCE = LIB.function("ncclAllReduce", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle BROADCAST = LIB.function("ncclBroadcast", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle REDUCE = LIB.function("ncclReduce", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ALL_GATHER = LIB.function("ncclAllGather", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle REDUCE_SCATTER = LIB.function("ncclReduceScatter", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SEND = LIB.function("ncclSend", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle RECV = LIB.function("ncclRecv", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** NCCL 2.28 added these as collectives of their own; older libraries lack them (see {@link #hasNativeAllToAll}). */
    private static final MethodHandle ALL_TO_ALL = LIB.optionalFunction("ncclAlltoAll", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS)).orElse(null);
    private static final MethodHandle GATHER = LIB.optionalFunction("ncclGather", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS)).orElse(null);
    private static final MethodHandle SCATTER = LIB.optionalFunction("ncclScatter", FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS)).orElse(null);

    /** NCCL 2.19 added its own allocator; nccl-tests uses it for its buffers, so ncclkit does too where it exists. */
    private static final MethodHandle MEM_ALLOC = LIB.optionalFunction("ncclMemAlloc",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG)).orElse(null);
    private static final MethodHandle MEM_FREE = LIB.optionalFunction("ncclMemFree",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG)).orElse(null);

    /** NCCL 2.14 added per-communicator configuration, 2.19 buffer registration, 2.27 symmetric windows. */
    private static final MethodHandle COMM_INIT_RANK_CONFIG = LIB.optionalFunction("ncclCommInitRankConfig",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, UNIQUE_ID, JAVA_INT, ADDRESS)).orElse(null);
    private static final MethodHandle COMM_REGISTER = LIB.optionalFunction("ncclCommRegister",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS)).orElse(null);
    private static final MethodHandle COMM_DEREGISTER = LIB.optionalFunction("ncclCommDeregister",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)).orElse(null);
    private static final MethodHandle COMM_WINDOW_REGISTER = LIB.optionalFunction("ncclCommWindowRegister",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT)).orElse(null);
    private static final MethodHandle COMM_WINDOW_DEREGISTER = LIB.optionalFunction("ncclCommWindowDeregister",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)).orElse(null);

    /** {@code NCCL_WIN_COLL_SYMMETRIC}: the window is used by collectives, at the same offset on every rank. */
    private static final int WINDOW_COLLECTIVE_SYMMETRIC = 0x01;

    /** {@code ncclScalarHostImmediate}: the PreMulSum scalar is read from host memory at call time. */
    private static final int SCALAR_HOST_IMMEDIATE = 1;
    /** {@code ncclInProgress}: a non-blocking call has not finished yet; not an error. */
    private static final int IN_PROGRESS = 7;

    private Nccl() {
    }

    /** Where the library was loaded from. */
    public static LibraryLocation location() {
        return LIB.location();
    }

    /** {@code ncclGetVersion}, e.g. 22809 for 2.28.9. */
    public static int version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("ncclGetVersion", (int) GET_VERSION.invokeExact(out), null);
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclGetVersion", t);
        }
    }

    public static UniqueId uniqueId() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(UNIQUE_ID);
            check("ncclGetUniqueId", (int) GET_UNIQUE_ID.invokeExact(out), null);
            return new UniqueId(out.toArray(JAVA_BYTE));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclGetUniqueId", t);
        }
    }

    /** {@code ncclCommInitRank} on the current CUDA device. */
    public static NcclComm commInitRank(int nranks, UniqueId id, int rank) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment idSegment = arena.allocate(UNIQUE_ID);
            MemorySegment.copy(id.bytes(), 0, idSegment, JAVA_BYTE, 0, UniqueId.SIZE);
            check("ncclCommInitRank", (int) COMM_INIT_RANK.invokeExact(out, nranks, idSegment, rank), null);
            return new NcclComm(out.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommInitRank", t);
        }
    }

    /** Whether this NCCL has {@code ncclCommInitRankConfig} (2.14 and later). */
    public static boolean hasCommConfig() {
        return COMM_INIT_RANK_CONFIG != null;
    }

    /**
     * {@code ncclCommInitRankConfig} on the current CUDA device with a 2.28-layout {@code ncclConfig_t} whose fields
     * are left to NCCL except those {@code settings} sets.
     */
    public static NcclComm commInitRankConfig(int nranks, UniqueId id, int rank, NcclCommConfig settings) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment idSegment = arena.allocate(UNIQUE_ID);
            MemorySegment.copy(id.bytes(), 0, idSegment, JAVA_BYTE, 0, UniqueId.SIZE);
            MemorySegment config = NcclConfigLayout.allocate(arena, settings);
            check("ncclCommInitRankConfig", (int) COMM_INIT_RANK_CONFIG.invokeExact(out, nranks, idSegment, rank, config), null);
            return new NcclComm(out.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommInitRankConfig", t);
        }
    }

    /** Whether this NCCL has {@code ncclCommRegister} (2.19 and later). */
    public static boolean hasCommRegister() {
        return COMM_REGISTER != null && COMM_DEREGISTER != null;
    }

    /** Whether this NCCL has {@code ncclCommWindowRegister} (2.27 and later). */
    public static boolean hasWindowRegister() {
        return COMM_WINDOW_REGISTER != null && COMM_WINDOW_DEREGISTER != null;
    }

    /** {@code ncclCommRegister}: lets NCCL use the buffer directly (zero-copy paths) in this communicator. */
    public static NcclRegistration commRegister(NcclComm comm, long address, long bytes) {
        try {
            NcclRegistration registration = new NcclRegistration(comm, false);
            check("ncclCommRegister", (int) COMM_REGISTER.invokeExact(comm.handle(), address, bytes, registration.cell()), comm);
            return registration;
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommRegister", t);
        }
    }

    /**
     * {@code ncclCommWindowRegister} with {@code NCCL_WIN_COLL_SYMMETRIC}: a collective call, so every rank of the
     * communicator makes it (inside a group where one thread drives several ranks). In a group, NCCL registers the
     * window, and writes its handle, at {@code ncclGroupEnd}.
     */
    public static NcclRegistration commWindowRegister(NcclComm comm, long address, long bytes) {
        try {
            NcclRegistration registration = new NcclRegistration(comm, true);
            check("ncclCommWindowRegister", (int) COMM_WINDOW_REGISTER.invokeExact(comm.handle(), address, bytes,
                    registration.cell(), WINDOW_COLLECTIVE_SYMMETRIC), comm);
            return registration;
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommWindowRegister", t);
        }
    }

    /** {@code ncclCommDeregister} or {@code ncclCommWindowDeregister}, whichever made the registration. */
    public static void deregister(NcclRegistration registration) {
        String call = registration.window() ? "ncclCommWindowDeregister" : "ncclCommDeregister";
        try {
            MemorySegment comm = registration.comm().handle();
            int result = registration.window()
                    ? (int) COMM_WINDOW_DEREGISTER.invokeExact(comm, registration.handle())
                    : (int) COMM_DEREGISTER.invokeExact(comm, registration.handle());
            check(call, result, registration.comm());
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(call, t);
        }
    }

    /** {@code ncclInvalidArgument}: what NCCL returns for a type and operation it cannot reduce. */
    public static final int INVALID_ARGUMENT = 4;

    /** {@code ncclCommInitAll}: one communicator per listed device, in this process. */
    public static NcclComm[] commInitAll(int[] devices) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment comms = arena.allocate(ADDRESS, devices.length);
            MemorySegment list = arena.allocateFrom(JAVA_INT, devices);
            check("ncclCommInitAll", (int) COMM_INIT_ALL.invokeExact(comms, devices.length, list), null);
            NcclComm[] result = new NcclComm[devices.length];
            for (int i = 0; i < devices.length; i++) {
                result[i] = new NcclComm(comms.getAtIndex(ADDRESS, i));
            }
            return result;
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommInitAll", t);
        }
    }

    public static void commFinalize(NcclComm comm) {
        try {
            check("ncclCommFinalize", (int) COMM_FINALIZE.invokeExact(comm.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommFinalize", t);
        }
    }

    public static void commDestroy(NcclComm comm) {
        try {
            check("ncclCommDestroy", (int) COMM_DESTROY.invokeExact(comm.handle()), null);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommDestroy", t);
        }
    }

    /** {@code ncclCommAbort}: frees the communicator without waiting for peers; used when a run fails. */
    public static void commAbort(NcclComm comm) {
        try {
            check("ncclCommAbort", (int) COMM_ABORT.invokeExact(comm.handle()), null);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclCommAbort", t);
        }
    }

    /** {@code ncclCommGetAsyncError}: 0 while healthy, else the error a network or peer failure left behind. */
    public static int commAsyncError(NcclComm comm) {
        return intQuery("ncclCommGetAsyncError", COMM_ASYNC_ERROR, comm);
    }

    /**
     * Throws the asynchronous error that NCCL recorded on {@code comm} (a network or peer failure under a running
     * operation), with {@code ncclGetLastError}'s message; nothing while the communicator is healthy or, when
     * non-blocking, still in progress.
     */
    public static void requireNoAsyncError(NcclComm comm) {
        int error = commAsyncError(comm);
        if (error != 0 && error != IN_PROGRESS) {
            throw new NativeException(LIBRARY, "ncclCommGetAsyncError", error, describe(error, comm));
        }
    }

    public static int commCount(NcclComm comm) {
        return intQuery("ncclCommCount", COMM_COUNT, comm);
    }

    public static int commDevice(NcclComm comm) {
        return intQuery("ncclCommCuDevice", COMM_DEVICE, comm);
    }

    public static int commRank(NcclComm comm) {
        return intQuery("ncclCommUserRank", COMM_RANK, comm);
    }

    private static int intQuery(String call, MethodHandle handle, NcclComm comm) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(call, (int) handle.invokeExact(comm.handle(), out), comm);
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(call, t);
        }
    }

    /** {@code ncclGetErrorString} for a result code. */
    public static String errorString(int result) {
        try {
            return NativeLibrary.string((MemorySegment) ERROR_STRING.invokeExact(result));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclGetErrorString", t);
        }
    }

    /** {@code ncclGetLastError}: NCCL's description of the last failure (empty when none). */
    public static String lastError(NcclComm comm) {
        try {
            MemorySegment handle = comm == null ? MemorySegment.NULL : comm.handle();
            return NativeLibrary.string((MemorySegment) LAST_ERROR.invokeExact(handle));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclGetLastError", t);
        }
    }

    public static void groupStart() {
        try {
            check("ncclGroupStart", (int) GROUP_START.invokeExact(), null);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclGroupStart", t);
        }
    }

    public static void groupEnd() {
        try {
            check("ncclGroupEnd", (int) GROUP_END.invokeExact(), null);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclGroupEnd", t);
        }
    }

    /**
     * {@code ncclRedOpCreatePreMulSum} with a host scalar given as its raw bits in the data type's width
     * (1, 2, 4 or 8 bytes, little-endian).
     */
    public static int redOpCreatePreMulSum(long scalarBits, int scalarBytes, int dataType, NcclComm comm) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment op = arena.allocate(JAVA_INT);
            MemorySegment scalar = arena.allocate(8);
            scalar.set(JAVA_LONG, 0, scalarBits);
            check("ncclRedOpCreatePreMulSum", (int) RED_OP_CREATE_PRE_MUL_SUM.invokeExact(op,
                    scalar.asSlice(0, scalarBytes), dataType, SCALAR_HOST_IMMEDIATE, comm.handle()), comm);
            return op.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclRedOpCreatePreMulSum", t);
        }
    }

    public static void redOpDestroy(int op, NcclComm comm) {
        try {
            check("ncclRedOpDestroy", (int) RED_OP_DESTROY.invokeExact(op, comm.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclRedOpDestroy", t);
        }
    }

    public static void allReduce(long send, long recv, long count, int dataType, int op, NcclComm comm, CudaStream stream) {
        try {
            check("ncclAllReduce", (int) ALL_REDUCE.invokeExact(send, recv, count, dataType, op, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclAllReduce", t);
        }
    }

    public static void broadcast(long send, long recv, long count, int dataType, int root, NcclComm comm, CudaStream stream) {
        try {
            check("ncclBroadcast", (int) BROADCAST.invokeExact(send, recv, count, dataType, root, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclBroadcast", t);
        }
    }

    public static void reduce(long send, long recv, long count, int dataType, int op, int root, NcclComm comm, CudaStream stream) {
        try {
            check("ncclReduce", (int) REDUCE.invokeExact(send, recv, count, dataType, op, root, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclReduce", t);
        }
    }

    public static void allGather(long send, long recv, long sendCount, int dataType, NcclComm comm, CudaStream stream) {
        try {
            check("ncclAllGather", (int) ALL_GATHER.invokeExact(send, recv, sendCount, dataType, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclAllGather", t);
        }
    }

    public static void reduceScatter(long send, long recv, long recvCount, int dataType, int op, NcclComm comm, CudaStream stream) {
        try {
            check("ncclReduceScatter", (int) REDUCE_SCATTER.invokeExact(send, recv, recvCount, dataType, op, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclReduceScatter", t);
        }
    }

    /** Whether this NCCL has {@code ncclMemAlloc} and {@code ncclMemFree} (2.19 and later). */
    public static boolean hasMemAlloc() {
        return MEM_ALLOC != null && MEM_FREE != null;
    }

    /** {@code ncclMemAlloc} on the current device: memory NCCL can register for its fastest paths. */
    public static long memAlloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("ncclMemAlloc", (int) MEM_ALLOC.invokeExact(out, Math.max(bytes, 1L)), null);
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclMemAlloc", t);
        }
    }

    public static void memFree(long address) {
        try {
            check("ncclMemFree", (int) MEM_FREE.invokeExact(address), null);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclMemFree", t);
        }
    }

    /** Whether this NCCL has {@code ncclAlltoAll}, {@code ncclGather} and {@code ncclScatter} (2.28 and later). */
    public static boolean hasNativeAllToAll() {
        return ALL_TO_ALL != null && GATHER != null && SCATTER != null;
    }

    public static void allToAll(long send, long recv, long count, int dataType, NcclComm comm, CudaStream stream) {
        try {
            check("ncclAlltoAll", (int) ALL_TO_ALL.invokeExact(send, recv, count, dataType, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclAlltoAll", t);
        }
    }

    public static void gather(long send, long recv, long count, int dataType, int root, NcclComm comm, CudaStream stream) {
        try {
            check("ncclGather", (int) GATHER.invokeExact(send, recv, count, dataType, root, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclGather", t);
        }
    }

    public static void scatter(long send, long recv, long count, int dataType, int root, NcclComm comm, CudaStream stream) {
        try {
            check("ncclScatter", (int) SCATTER.invokeExact(send, recv, count, dataType, root, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclScatter", t);
        }
    }

    public static void send(long buffer, long count, int dataType, int peer, NcclComm comm, CudaStream stream) {
        try {
            check("ncclSend", (int) SEND.invokeExact(buffer, count, dataType, peer, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclSend", t);
        }
    }

    public static void recv(long buffer, long count, int dataType, int peer, NcclComm comm, CudaStream stream) {
        try {
            check("ncclRecv", (int) RECV.invokeExact(buffer, count, dataType, peer, comm.handle(), stream.handle()), comm);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("ncclRecv", t);
        }
    }

    private static void check(String call, int result, NcclComm comm) {
        if (result != 0) {
            throw new NativeException(LIBRARY, call, result, describe(result, comm));
        }
    }

    private static String describe(int result, NcclComm comm) {
        String message = errorString(result);
        String last = lastError(comm);
        return last.isBlank() ? message : message + " / " + last;
    }
}
