package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * The CUDA driver API ({@code libcuda.so.1}) through FFM: devices, memory, streams, events, graphs and kernels from
 * PTX. The driver API is used rather than {@code libcudart} because every node with a GPU has exactly one of it, in
 * the system library path, matching its kernel driver. Device memory is addressed by {@code long}.
 */
public final class CudaDriver {
    private static final String LIBRARY = "CUDA";
    private static final NativeLibrary LIB = Libraries.get(LibrarySpec.CUDA);

    private static final MethodHandle INIT = LIB.function("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle DRIVER_GET_VERSION = LIB.function("cuDriverGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle DEVICE_GET_COUNT = LIB.function("cuDeviceGetCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle DEVICE_GET = LIB.function("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle DEVICE_GET_NAME = LIB.function("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle DEVICE_TOTAL_MEM = LIB.function("cuDeviceTotalMem_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle DEVICE_GET_ATTRIBUTE = LIB.function("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle DEVICE_GET_PCI_BUS_ID = LIB.function("cuDeviceGetPCIBusId", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle PRIMARY_CTX_RETAIN = LIB.function("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CTX_SET_CURRENT = LIB.function("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MEM_GET_INFO = LIB.function("cuMemGetInfo_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MEM_ALLOC = LIB.function("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MEM_FREE = LIB.function("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    private static final MethodHandle MEMCPY_HTOD = LIB.function("cuMemcpyHtoD_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG));
    private static final MethodHandle MEMCPY_DTOH = LIB.function("cuMemcpyDtoH_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MEMCPY_DTOD_ASYNC = LIB.function("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
    private static final MethodHandle MEMSET_D8_ASYNC = LIB.function("cuMemsetD8Async", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle STREAM_CREATE = LIB.function("cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle STREAM_DESTROY = LIB.function("cuStreamDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STREAM_SYNCHRONIZE = LIB.function("cuStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STREAM_QUERY = LIB.function("cuStreamQuery", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle EVENT_CREATE = LIB.function("cuEventCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle EVENT_RECORD = LIB.function("cuEventRecord", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle EVENT_SYNCHRONIZE = LIB.function("cuEventSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle EVENT_ELAPSED_TIME = LIB.optionalFunction("cuEventElapsedTime_v2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)).orElseGet(() ->
            LIB.function("cuEventElapsedTime", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS)));
    private static final MethodHandle EVENT_DESTROY = LIB.function("cuEventDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STREAM_BEGIN_CAPTURE = LIB.function("cuStreamBeginCapture_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle STREAM_END_CAPTURE = LIB.function("cuStreamEndCapture", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GRAPH_INSTANTIATE = LIB.function("cuGraphInstantiateWithFlags", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle GRAPH_LAUNCH = LIB.function("cuGraphLaunch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GRAPH_EXEC_DESTROY = LIB.function("cuGraphExecDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GRAPH_DESTROY = LIB.function("cuGraphDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MODULE_LOAD_DATA = LIB.function("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MODULE_GET_FUNCTION = LIB.function("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle LAUNCH_KERNEL = LIB.function("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle GET_ERROR_STRING = LIB.function("cuGetErrorString", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle GET_ERROR_NAME = LIB.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** {@code CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR}/{@code _MINOR}. */
    public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    /** {@code CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT}. */
    public static final int ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    /** {@code CUDA_ERROR_NO_DEVICE}: the driver is there, the GPUs are not. */
    public static final int ERROR_NO_DEVICE = 100;
    /** {@code CUDA_ERROR_NOT_READY}: returned by queries while work is still running. */
    public static final int ERROR_NOT_READY = 600;

    private static final int STREAM_NON_BLOCKING = 1;
    private static final int EVENT_DEFAULT = 0;
    private static final int CAPTURE_MODE_THREAD_LOCAL = 1;

    private static final Map<Integer, MemorySegment> PRIMARY_CONTEXTS = new ConcurrentHashMap<>();

    private CudaDriver() {
    }

    public static LibraryLocation location() {
        return LIB.location();
    }

    /** {@code cuInit(0)}; fails with {@link #ERROR_NO_DEVICE} on a machine with a driver but no GPU. */
    public static void init() {
        try {
            check("cuInit", (int) INIT.invokeExact(0));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuInit", t);
        }
    }

    /**
     * Starts {@code cuInit} (and this class's bindings) on a thread of its own, so that the 0.2-0.3 s they take on an
     * H100 overlap what the caller does next; {@link #init} then returns once the driver is ready. The driver's answer
     * is the same for both calls: a failure is reported by the caller's own {@link #init}. Call it once the libraries
     * are loaded, so that the driver's own loading does not wait behind another library's.
     */
    public static void startInit() {
        Thread thread = new Thread(() -> {
            try {
                init();
            } catch (RuntimeException reportedByTheCallersInit) {
                // the caller's init() gets the same result from the driver and fails the run with it
            }
        }, "ncclkit-cuinit");
        thread.setDaemon(true);
        thread.start();
    }

    /** The CUDA version the driver supports, e.g. 13000 for 13.0. */
    public static int driverVersion() {
        return intOut("cuDriverGetVersion", DRIVER_GET_VERSION);
    }

    public static int deviceCount() {
        return intOut("cuDeviceGetCount", DEVICE_GET_COUNT);
    }

    public static String deviceName(int ordinal) {
        return stringOut("cuDeviceGetName", DEVICE_GET_NAME, device(ordinal));
    }

    /** The PCI bus id in {@code domain:bus:device.function} form, e.g. {@code 0000:53:00.0}. */
    public static String pciBusId(int ordinal) {
        return stringOut("cuDeviceGetPCIBusId", DEVICE_GET_PCI_BUS_ID, device(ordinal));
    }

    public static long totalMemory(int ordinal) {
        int device = device(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("cuDeviceTotalMem", (int) DEVICE_TOTAL_MEM.invokeExact(out, device));
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuDeviceTotalMem", t);
        }
    }

    public static int attribute(int ordinal, int attribute) {
        int device = device(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cuDeviceGetAttribute", (int) DEVICE_GET_ATTRIBUTE.invokeExact(out, attribute, device));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuDeviceGetAttribute", t);
        }
    }

    /** Makes the device's primary context current on this thread (what {@code cudaSetDevice} does). */
    public static void setDevice(int ordinal) {
        MemorySegment context = PRIMARY_CONTEXTS.computeIfAbsent(ordinal, CudaDriver::retainPrimaryContext);
        try {
            check("cuCtxSetCurrent", (int) CTX_SET_CURRENT.invokeExact(context));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuCtxSetCurrent", t);
        }
    }

    private static MemorySegment retainPrimaryContext(int ordinal) {
        int device = device(ordinal);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuDevicePrimaryCtxRetain", (int) PRIMARY_CTX_RETAIN.invokeExact(out, device));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuDevicePrimaryCtxRetain", t);
        }
    }

    /** Free and total memory of the current device, in bytes. */
    public static long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo", (int) MEM_GET_INFO.invokeExact(free, total));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuMemGetInfo", t);
        }
    }

    public static long malloc(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("cuMemAlloc", (int) MEM_ALLOC.invokeExact(out, Math.max(bytes, 1L)));
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuMemAlloc", t);
        }
    }

    public static void free(long address) {
        try {
            check("cuMemFree", (int) MEM_FREE.invokeExact(address));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuMemFree", t);
        }
    }

    public static void copyToDevice(long destination, byte[] source) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(source.length);
            MemorySegment.copy(source, 0, host, JAVA_BYTE, 0, source.length);
            check("cuMemcpyHtoD", (int) MEMCPY_HTOD.invokeExact(destination, host, (long) source.length));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuMemcpyHtoD", t);
        }
    }

    public static byte[] copyFromDevice(long source, int bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(Math.max(bytes, 1));
            check("cuMemcpyDtoH", (int) MEMCPY_DTOH.invokeExact(host, source, (long) bytes));
            return host.asSlice(0, bytes).toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuMemcpyDtoH", t);
        }
    }

    public static void copyAsync(long destination, long source, long bytes, CudaStream stream) {
        try {
            check("cuMemcpyDtoDAsync", (int) MEMCPY_DTOD_ASYNC.invokeExact(destination, source, bytes, stream.handle()));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuMemcpyDtoDAsync", t);
        }
    }

    public static void memsetAsync(long address, int value, long bytes, CudaStream stream) {
        try {
            check("cuMemsetD8Async", (int) MEMSET_D8_ASYNC.invokeExact(address, value, bytes, stream.handle()));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuMemsetD8Async", t);
        }
    }

    /** A non-blocking stream on the current device. */
    public static CudaStream streamCreate() {
        return new CudaStream(handleOut("cuStreamCreate", STREAM_CREATE, STREAM_NON_BLOCKING));
    }

    public static void streamDestroy(CudaStream stream) {
        call("cuStreamDestroy", STREAM_DESTROY, stream.handle());
    }

    public static void streamSynchronize(CudaStream stream) {
        call("cuStreamSynchronize", STREAM_SYNCHRONIZE, stream.handle());
    }

    /** True when all work on the stream has finished; false while it is still running. */
    public static boolean streamDone(CudaStream stream) {
        try {
            int result = (int) STREAM_QUERY.invokeExact(stream.handle());
            if (result == ERROR_NOT_READY) {
                return false;
            }
            check("cuStreamQuery", result);
            return true;
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuStreamQuery", t);
        }
    }

    public static CudaEvent eventCreate() {
        return new CudaEvent(handleOut("cuEventCreate", EVENT_CREATE, EVENT_DEFAULT));
    }

    public static void eventRecord(CudaEvent event, CudaStream stream) {
        try {
            check("cuEventRecord", (int) EVENT_RECORD.invokeExact(event.handle(), stream.handle()));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuEventRecord", t);
        }
    }

    public static void eventSynchronize(CudaEvent event) {
        call("cuEventSynchronize", EVENT_SYNCHRONIZE, event.handle());
    }

    /** Milliseconds between two recorded events. */
    public static float eventElapsedMillis(CudaEvent start, CudaEvent end) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_FLOAT);
            check("cuEventElapsedTime", (int) EVENT_ELAPSED_TIME.invokeExact(out, start.handle(), end.handle()));
            return out.get(JAVA_FLOAT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuEventElapsedTime", t);
        }
    }

    public static void eventDestroy(CudaEvent event) {
        call("cuEventDestroy", EVENT_DESTROY, event.handle());
    }

    /** Starts capturing the work this thread enqueues on the stream into a graph. */
    public static void beginCapture(CudaStream stream) {
        try {
            check("cuStreamBeginCapture", (int) STREAM_BEGIN_CAPTURE.invokeExact(stream.handle(), CAPTURE_MODE_THREAD_LOCAL));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuStreamBeginCapture", t);
        }
    }

    /**
     * Ends the capture: the graph, not yet instantiated. A thread instantiates no graph while another of its streams
     * still captures (CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED), so several streams end every capture first.
     */
    public static CudaGraph endCapture(CudaStream stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment graph = arena.allocate(ADDRESS);
            check("cuStreamEndCapture", (int) STREAM_END_CAPTURE.invokeExact(stream.handle(), graph));
            return new CudaGraph(graph.get(ADDRESS, 0), MemorySegment.NULL);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuStreamEndCapture", t);
        }
    }

    /** Instantiates a captured graph in the current context, ready to launch. */
    public static CudaGraph instantiate(CudaGraph captured) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment exec = arena.allocate(ADDRESS);
            check("cuGraphInstantiateWithFlags", (int) GRAPH_INSTANTIATE.invokeExact(exec, captured.graph(), 0L));
            return new CudaGraph(captured.graph(), exec.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuGraphInstantiateWithFlags", t);
        }
    }

    public static void graphLaunch(CudaGraph graph, CudaStream stream) {
        try {
            check("cuGraphLaunch", (int) GRAPH_LAUNCH.invokeExact(graph.executable(), stream.handle()));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuGraphLaunch", t);
        }
    }

    /** Destroys the graph and, once instantiated, its executable. */
    public static void graphDestroy(CudaGraph graph) {
        if (!graph.executable().equals(MemorySegment.NULL)) {
            call("cuGraphExecDestroy", GRAPH_EXEC_DESTROY, graph.executable());
        }
        call("cuGraphDestroy", GRAPH_DESTROY, graph.graph());
    }

    /**
     * Loads a module image (a fatbin, a cubin, or PTX text ending with a NUL byte) into the current context and
     * returns the named kernels.
     */
    public static CudaFunction[] loadKernels(byte[] image, String... names) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = arena.allocate(ADDRESS);
            check("cuModuleLoadData", (int) MODULE_LOAD_DATA.invokeExact(module, arena.allocateFrom(JAVA_BYTE, image)));
            CudaFunction[] functions = new CudaFunction[names.length];
            for (int i = 0; i < names.length; i++) {
                MemorySegment function = arena.allocate(ADDRESS);
                check("cuModuleGetFunction(" + names[i] + ")", (int) MODULE_GET_FUNCTION.invokeExact(function,
                        module.get(ADDRESS, 0), arena.allocateFrom(names[i])));
                functions[i] = new CudaFunction(names[i], function.get(ADDRESS, 0));
            }
            return functions;
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuModuleLoadData", t);
        }
    }

    /**
     * Launches a kernel whose parameters are all 8-byte values (pointers, 64-bit integers, or doubles passed as
     * their bits), on a one-dimensional grid.
     */
    public static void launch(CudaFunction function, int blocks, int threads, CudaStream stream, long... arguments) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocateFrom(JAVA_LONG, arguments);
            MemorySegment pointers = arena.allocate(ADDRESS, arguments.length);
            for (int i = 0; i < arguments.length; i++) {
                pointers.setAtIndex(ADDRESS, i, values.asSlice(i * 8L, 8));
            }
            check("cuLaunchKernel(" + function.name() + ")", (int) LAUNCH_KERNEL.invokeExact(function.handle(),
                    blocks, 1, 1, threads, 1, 1, 0, stream.handle(), pointers, MemorySegment.NULL));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuLaunchKernel", t);
        }
    }

    /** {@code cuGetErrorName}: {@code cuGetErrorString} for a result code, e.g. "CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected". */
    public static String errorDescription(int result) {
        return errorText(GET_ERROR_NAME, result) + ": " + errorText(GET_ERROR_STRING, result);
    }

    private static String errorText(MethodHandle handle, int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) handle.invokeExact(result, out);
            return rc == 0 ? NativeLibrary.string(out.get(ADDRESS, 0)) : "unknown error";
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuGetErrorString", t);
        }
    }

    private static int device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("cuDeviceGet", (int) DEVICE_GET.invokeExact(out, ordinal));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("cuDeviceGet", t);
        }
    }

    private static int intOut(String call, MethodHandle handle) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(call, (int) handle.invokeExact(out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(call, t);
        }
    }

    private static String stringOut(String call, MethodHandle handle, int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(256);
            check(call, (int) handle.invokeExact(out, 256, device));
            return out.getString(0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(call, t);
        }
    }

    private static MemorySegment handleOut(String call, MethodHandle handle, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(call, (int) handle.invokeExact(out, flags));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(call, t);
        }
    }

    private static void call(String name, MethodHandle handle, MemorySegment argument) {
        try {
            check(name, (int) handle.invokeExact(argument));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(name, t);
        }
    }

    private static void check(String call, int result) {
        if (result != 0) {
            throw new NativeException(LIBRARY, call, result, errorDescription(result));
        }
    }
}
