package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * An NCCL NET plugin ({@code libnccl-net*.so}) opened with dlopen and driven through the newest {@code ncclNet_vN_t}
 * table it exports that ncclkit knows (v12, v11, v8; layouts from NCCL's {@code net_v8.h}..{@code net_v12.h}).
 *
 * <p>The plugin's logger is variadic, which an upcall cannot be. The upcall takes the five fixed parameters plus sixteen
 * 64-bit words and eight doubles: on x86-64 System V the first variadic integer/pointer argument arrives in r9 and
 * the next ones on the caller's stack (words past the real arguments are read but never used), doubles in xmm0-7,
 * so a format with up to sixteen integer/pointer and eight floating-point conversions is rendered exactly ({@link PrintfFormat}); beyond that the rest is unreliable. Only
 * x86-64 is supported by this reading.
 */
public final class NetPlugin {
    public static final int HANDLE_BYTES = 128;
    public static final int PTR_HOST = 1;
    public static final int PTR_CUDA = 2;
    public static final int PTR_DMABUF = 4;
    /** Versions this class can drive, newest first. */
    public static final List<Integer> SUPPORTED_VERSIONS = List.of(12, 11, 8);
    /** Versions probed for, newest first. */
    public static final List<Integer> KNOWN_VERSIONS = List.of(12, 11, 10, 9, 8);
    public static final LibrarySpec SPEC = new LibrarySpec("NET plugin", List.of("libnccl-net.so"), "NCCL_NET_PLUGIN", List.of());

    private static final Linker LINKER = Linker.nativeLinker();
    private static final String[] RESULTS = {"ncclSuccess", "ncclUnhandledCudaError", "ncclSystemError",
            "ncclInternalError", "ncclInvalidArgument", "ncclInvalidUsage", "ncclRemoteError", "ncclInProgress"};

    private static final StructLayout PROPERTIES_V8 = MemoryLayout.structLayout(ADDRESS.withName("name"),
            ADDRESS.withName("pciPath"), JAVA_LONG.withName("guid"), JAVA_INT.withName("ptrSupport"),
            JAVA_INT.withName("regIsGlobal"), JAVA_INT.withName("speed"), JAVA_INT.withName("port"),
            JAVA_FLOAT.withName("latency"), JAVA_INT.withName("maxComms"), JAVA_INT.withName("maxRecvs"),
            JAVA_INT.withName("netDeviceType"), JAVA_INT.withName("netDeviceVersion"), MemoryLayout.paddingLayout(4));
    private static final StructLayout PROPERTIES_V11 = propertiesV11V12(4, MemoryLayout.paddingLayout(4));
    private static final StructLayout PROPERTIES_V12 = propertiesV11V12(8,
            MemoryLayout.structLayout(JAVA_SHORT.withName("railId"), JAVA_SHORT.withName("planeId")));

    private static StructLayout propertiesV11V12(int devsPerNic, MemoryLayout tail) {
        return MemoryLayout.structLayout(ADDRESS.withName("name"), ADDRESS.withName("pciPath"),
                JAVA_LONG.withName("guid"), JAVA_INT.withName("ptrSupport"), JAVA_INT.withName("regIsGlobal"),
                JAVA_INT.withName("forceFlush"), JAVA_INT.withName("speed"), JAVA_INT.withName("port"),
                JAVA_FLOAT.withName("latency"), JAVA_INT.withName("maxComms"), JAVA_INT.withName("maxRecvs"),
                JAVA_INT.withName("netDeviceType"), JAVA_INT.withName("netDeviceVersion"),
                MemoryLayout.structLayout(JAVA_INT.withName("ndevs"), MemoryLayout.sequenceLayout(devsPerNic, JAVA_INT)
                        .withName("devs")).withName("vProps"),
                MemoryLayout.paddingLayout(devsPerNic == 4 ? 4 : 4),
                JAVA_LONG.withName("maxP2pBytes"), JAVA_LONG.withName("maxCollBytes"),
                JAVA_INT.withName("maxMultiRequestSize"), tail);
    }

    /** Receives the plugin's log lines, already formatted. */
    public interface Logger {
        /** @param level NCCL's: 1 VERSION, 2 WARN, 3 INFO, 4 ABORT, 5 TRACE */
        void log(int level, long flags, String file, int line, String message);
    }

    /** A listening endpoint and the handle a peer connects to. */
    public static final class Listener {
        final MemorySegment comm;
        private final byte[] handle;

        Listener(MemorySegment comm, byte[] handle) {
            this.comm = comm;
            this.handle = handle;
        }

        public byte[] handle() {
            return handle.clone();
        }
    }

    /** A send or receive connection. */
    public static final class Connection {
        final MemorySegment comm;

        Connection(MemorySegment comm) {
            this.comm = comm;
        }
    }

    /** A memory registration on one connection. */
    public static final class Registration {
        final MemorySegment handle;

        Registration(MemorySegment handle) {
            this.handle = handle;
        }
    }

    /** A posted send or receive. */
    public static final class Request {
        final MemorySegment request;
        private final Arena arena; // the sizes/done words test() writes into

        Request(MemorySegment request) {
            this.request = request;
            this.arena = Arena.ofAuto();
        }
    }

    private final String library;
    private final int version;
    private final List<Integer> exported;
    private final String name;
    private final Arena arena = Arena.ofAuto();
    private final MethodHandle init;
    private final MethodHandle devices;
    private final MethodHandle getProperties;
    private final MethodHandle listen;
    private final MethodHandle connect;
    private final MethodHandle accept;
    private final MethodHandle regMr;
    private final MethodHandle deregMr;
    private final MethodHandle isend;
    private final MethodHandle irecv;
    private final MethodHandle iflush;
    private final MethodHandle test;
    private final MethodHandle closeSend;
    private final MethodHandle closeRecv;
    private final MethodHandle closeListen;
    private final MethodHandle finalizeHandle;
    private MemorySegment context = MemorySegment.NULL;
    private volatile Logger logger = (level, flags, file, line, message) -> { };

    private NetPlugin(String library, int version, List<Integer> exported, MemorySegment table) {
        this.library = library;
        this.version = version;
        this.exported = List.copyOf(exported);
        boolean v11 = version >= 11;
        MemorySegment t = table.reinterpret((v11 ? 22 : 19) * ADDRESS.byteSize());
        this.name = NativeLibrary.string(t.getAtIndex(ADDRESS, 0));
        init = bind(t, 1, "init", v11 ? FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS)
                : FunctionDescriptor.of(JAVA_INT, ADDRESS));
        devices = bind(t, 2, "devices", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getProperties = bind(t, 3, "getProperties", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        listen = bind(t, 4, "listen", v11 ? FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS)
                : FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        connect = bind(t, 5, "connect", v11 ? FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS)
                : FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        accept = bind(t, 6, "accept", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        regMr = bind(t, 7, "regMr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        deregMr = bind(t, 9, "deregMr", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        isend = bind(t, 10, "isend", v11
                ? FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS)
                : FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        irecv = bind(t, 11, "irecv", v11
                ? FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS)
                : FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        iflush = t.getAtIndex(ADDRESS, 12).equals(MemorySegment.NULL) ? null // only GPU receives need it
                : bind(t, 12, "iflush", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        test = bind(t, 13, "test", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        closeSend = bind(t, 14, "closeSend", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        closeRecv = bind(t, 15, "closeRecv", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        closeListen = bind(t, 16, "closeListen", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        finalizeHandle = v11 && !t.getAtIndex(ADDRESS, 20).equals(MemorySegment.NULL)
                ? bind(t, 20, "finalize", FunctionDescriptor.of(JAVA_INT, ADDRESS)) : null;
    }

    private MethodHandle bind(MemorySegment table, int slot, String function, FunctionDescriptor descriptor) {
        MemorySegment pointer = table.getAtIndex(ADDRESS, slot);
        if (pointer.equals(MemorySegment.NULL)) {
            throw new NativeException(displayName(), function, -1, "the ncclNet_v" + version + " table has no " + function);
        }
        return LINKER.downcallHandle(pointer, descriptor);
    }

    /**
     * Opens a plugin (a path, or a file name dlopen finds on its search path) and picks the newest supported version
     * it exports.
     */
    public static NetPlugin open(String library) {
        SymbolLookup symbols;
        try {
            symbols = SymbolLookup.libraryLookup(library, Arena.global()); // plugins are never unloaded, as in NCCL
        } catch (IllegalArgumentException e) {
            throw new LibraryNotFoundException(SPEC, library, e.getMessage());
        }
        List<Integer> exported = new ArrayList<>();
        for (int v : KNOWN_VERSIONS) {
            symbols.find("ncclNetPlugin_v" + v).ifPresent(address -> exported.add(v));
        }
        for (int v : exported) {
            if (SUPPORTED_VERSIONS.contains(v)) {
                return new NetPlugin(library, v, exported, symbols.find("ncclNetPlugin_v" + v).orElseThrow());
            }
        }
        throw new LibraryNotFoundException(SPEC, library, exported.isEmpty()
                ? "it exports no ncclNetPlugin_v8..v12 symbol (not an NCCL NET plugin, or one older than v8)"
                : "it exports only " + versions(exported) + ", and ncclkit drives " + versions(SUPPORTED_VERSIONS));
    }

    private static String versions(List<Integer> versions) {
        return String.join(", ", versions.stream().map(v -> "ncclNetPlugin_v" + v).toList());
    }

    public String library() {
        return library;
    }

    /** The ncclNet_vN version in use. */
    public int version() {
        return version;
    }

    /** Every ncclNetPlugin_vN (v8..v12) the library exports, newest first. */
    public List<Integer> exportedVersions() {
        return exported;
    }

    /** The plugin's own name ({@code ncclNet.name}). */
    public String name() {
        return name;
    }

    private String displayName() {
        return "NET plugin " + library;
    }

    public void init(Logger logger) {
        this.logger = logger;
        MemorySegment logFunction = loggerStub();
        try {
            int result;
            if (version >= 11) {
                MemorySegment ctx = arena.allocate(ADDRESS);
                MemorySegment config = arena.allocate(JAVA_INT);
                config.set(JAVA_INT, 0, -1); // NCCL_NET_TRAFFIC_CLASS_UNDEF
                result = (int) init.invokeExact(ctx, 0L, config, logFunction, MemorySegment.NULL);
                context = ctx.get(ADDRESS, 0);
            } else {
                result = (int) init.invokeExact(logFunction);
            }
            check("init", result);
        } catch (Throwable t) {
            throw failure("init", t);
        }
    }

    public int devices() {
        MemorySegment count = arena.allocate(JAVA_INT);
        try {
            check("devices", (int) devices.invokeExact(count));
        } catch (Throwable t) {
            throw failure("devices", t);
        }
        return count.get(JAVA_INT, 0);
    }

    public NetDeviceProperties properties(int device) {
        StructLayout layout = switch (version) {
            case 8 -> PROPERTIES_V8;
            case 11 -> PROPERTIES_V11;
            default -> PROPERTIES_V12;
        };
        try (Arena call = Arena.ofConfined()) {
            MemorySegment p = call.allocate(layout);
            check("getProperties", (int) getProperties.invokeExact(device, p));
            boolean v8 = version == 8;
            return new NetDeviceProperties(NativeLibrary.string(p.get(ADDRESS, offset(layout, "name"))),
                    NativeLibrary.string(p.get(ADDRESS, offset(layout, "pciPath"))),
                    p.get(JAVA_LONG, offset(layout, "guid")), p.get(JAVA_INT, offset(layout, "ptrSupport")),
                    p.get(JAVA_INT, offset(layout, "regIsGlobal")) != 0,
                    !v8 && p.get(JAVA_INT, offset(layout, "forceFlush")) != 0,
                    p.get(JAVA_INT, offset(layout, "speed")), p.get(JAVA_INT, offset(layout, "port")),
                    p.get(JAVA_FLOAT, offset(layout, "latency")), p.get(JAVA_INT, offset(layout, "maxComms")),
                    p.get(JAVA_INT, offset(layout, "maxRecvs")));
        } catch (Throwable t) {
            throw failure("getProperties", t);
        }
    }

    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /** The size of ncclNetProperties_vN_t as laid out here (64 for v8, 112 for v11, 128 for v12). */
    static long propertiesSize(int version) {
        return (version == 8 ? PROPERTIES_V8 : version == 11 ? PROPERTIES_V11 : PROPERTIES_V12).byteSize();
    }

    public Listener listen(int device) {
        MemorySegment handle = arena.allocate(HANDLE_BYTES, 8);
        MemorySegment comm = arena.allocate(ADDRESS);
        try {
            check("listen", version >= 11 ? (int) listen.invokeExact(context, device, handle, comm)
                    : (int) listen.invokeExact(device, handle, comm));
        } catch (Throwable t) {
            throw failure("listen", t);
        }
        return new Listener(comm.get(ADDRESS, 0), handle.toArray(JAVA_BYTE));
    }

    /** One non-blocking connect attempt: null until the plugin has a send connection. */
    public Connection connect(int device, byte[] peerHandle) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment handle = call.allocate(HANDLE_BYTES, 8);
            MemorySegment.copy(peerHandle, 0, handle, JAVA_BYTE, 0, Math.min(peerHandle.length, HANDLE_BYTES));
            MemorySegment comm = call.allocate(ADDRESS);
            MemorySegment deviceHandle = call.allocate(ADDRESS); // NULL: no device offload requested
            check("connect", version >= 11 ? (int) connect.invokeExact(context, device, handle, comm, deviceHandle)
                    : (int) connect.invokeExact(device, handle, comm, deviceHandle));
            MemorySegment sendComm = comm.get(ADDRESS, 0);
            return sendComm.equals(MemorySegment.NULL) ? null : new Connection(sendComm);
        } catch (Throwable t) {
            throw failure("connect", t);
        }
    }

    /** One non-blocking accept attempt: null until the peer's connection has arrived. */
    public Connection accept(Listener listener) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment comm = call.allocate(ADDRESS);
            MemorySegment deviceHandle = call.allocate(ADDRESS);
            check("accept", (int) accept.invokeExact(listener.comm, comm, deviceHandle));
            MemorySegment recvComm = comm.get(ADDRESS, 0);
            return recvComm.equals(MemorySegment.NULL) ? null : new Connection(recvComm);
        } catch (Throwable t) {
            throw failure("accept", t);
        }
    }

    /** Registers the memory with its own pointer type (NCCL_PTR_HOST or NCCL_PTR_CUDA). */
    public Registration register(Connection connection, PluginMemory memory) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment handle = call.allocate(ADDRESS);
            check("regMr", (int) regMr.invokeExact(connection.comm, start(memory), memory.bytes(), memory.pointerType(), handle));
            return new Registration(handle.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw failure("regMr", t);
        }
    }

    public void deregister(Connection connection, Registration registration) {
        try {
            check("deregMr", (int) deregMr.invokeExact(connection.comm, registration.handle));
        } catch (Throwable t) {
            throw failure("deregMr", t);
        }
    }

    /** Posts a send of the first {@code bytes} of the buffer; null when the plugin cannot take it now (retry). */
    public Request send(Connection connection, PluginMemory memory, long bytes, int tag, Registration registration) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment request = call.allocate(ADDRESS);
            check("isend", version >= 11
                    ? (int) isend.invokeExact(connection.comm, start(memory), bytes, tag, registration.handle, MemorySegment.NULL, request)
                    : (int) isend.invokeExact(connection.comm, start(memory), Math.toIntExact(bytes), tag, registration.handle, request));
            return request(request.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw failure("isend", t);
        }
    }

    /** Posts one receive of up to {@code bytes}; null when the plugin cannot take it now (retry). */
    public Request receive(Connection connection, PluginMemory memory, long bytes, int tag, Registration registration) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(ADDRESS);
            data.set(ADDRESS, 0, start(memory));
            MemorySegment sizes = call.allocate(version >= 11 ? JAVA_LONG.byteSize() : JAVA_INT.byteSize(), 8);
            if (version >= 11) {
                sizes.set(JAVA_LONG, 0, bytes);
            } else {
                sizes.set(JAVA_INT, 0, Math.toIntExact(bytes));
            }
            MemorySegment tags = call.allocate(JAVA_INT);
            tags.set(JAVA_INT, 0, tag);
            MemorySegment handles = call.allocate(ADDRESS);
            handles.set(ADDRESS, 0, registration.handle);
            MemorySegment request = call.allocate(ADDRESS);
            check("irecv", version >= 11
                    ? (int) irecv.invokeExact(connection.comm, 1, data, sizes, tags, handles, MemorySegment.NULL, request)
                    : (int) irecv.invokeExact(connection.comm, 1, data, sizes, tags, handles, request));
            return request(request.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw failure("irecv", t);
        }
    }

    /**
     * Asks the plugin to make the first {@code bytes} received into the memory visible to the GPU ({@code iflush}, as
     * NCCL does after a GPUDirect receive); poll the request with {@link #test}. Null when there is nothing to wait for.
     */
    public Request flush(Connection connection, PluginMemory memory, long bytes, Registration registration) {
        if (iflush == null) {
            throw new NativeException(displayName(), "iflush", -1, "the ncclNet_v" + version + " table has no iflush");
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(ADDRESS);
            data.set(ADDRESS, 0, start(memory));
            MemorySegment sizes = call.allocate(JAVA_INT);
            sizes.set(JAVA_INT, 0, Math.toIntExact(bytes));
            MemorySegment handles = call.allocate(ADDRESS);
            handles.set(ADDRESS, 0, registration.handle);
            MemorySegment request = call.allocate(ADDRESS);
            check("iflush", (int) iflush.invokeExact(connection.comm, 1, data, sizes, handles, request));
            return request(request.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw failure("iflush", t);
        }
    }

    private static MemorySegment start(PluginMemory memory) {
        return MemorySegment.ofAddress(memory.address());
    }

    private static Request request(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : new Request(pointer);
    }

    /** Tests a request: -1 while it runs, else the bytes it moved (the request is then freed by the plugin). */
    public long test(Request request) {
        MemorySegment words = request.arena.allocate(JAVA_INT, 2);
        try {
            check("test", (int) test.invokeExact(request.request, words, words.asSlice(4)));
        } catch (Throwable t) {
            throw failure("test", t);
        }
        return words.getAtIndex(JAVA_INT, 0) == 0 ? -1 : words.getAtIndex(JAVA_INT, 1);
    }

    public void closeSend(Connection connection) {
        close("closeSend", closeSend, connection.comm);
    }

    public void closeReceive(Connection connection) {
        close("closeRecv", closeRecv, connection.comm);
    }

    public void closeListen(Listener listener) {
        close("closeListen", closeListen, listener.comm);
    }

    /** v11+: ends the plugin context; nothing for v8. */
    public void finish() {
        if (finalizeHandle != null && !context.equals(MemorySegment.NULL)) {
            close("finalize", finalizeHandle, context);
            context = MemorySegment.NULL;
        }
    }

    private void close(String call, MethodHandle function, MemorySegment comm) {
        try {
            check(call, (int) function.invokeExact(comm));
        } catch (Throwable t) {
            throw failure(call, t);
        }
    }

    private void check(String call, int result) {
        if (result != 0) {
            throw new NativeException(displayName() + " (" + name + ", ncclNet_v" + version + ")", call, result,
                    result > 0 && result < RESULTS.length ? RESULTS[result] : "unknown ncclResult_t");
        }
    }

    private RuntimeException failure(String call, Throwable t) {
        return NativeLibrary.invocationFailure(name + "." + call, t);
    }

    // ---- the logger upcall ----

    private static final FunctionDescriptor LOGGER = FunctionDescriptor.ofVoid(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE, JAVA_DOUBLE);

    private MemorySegment loggerStub() {
        try {
            MethodHandle target = MethodHandles.lookup().findVirtual(NetPlugin.class, "logged", MethodType.methodType(void.class,
                    int.class, long.class, MemorySegment.class, int.class, MemorySegment.class,
                    long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class, long.class,
                    double.class, double.class, double.class, double.class, double.class, double.class, double.class,
                    double.class)).bindTo(this);
            return LINKER.upcallStub(target, LOGGER, Arena.global()); // the plugin may keep and call it until exit
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused") // called by the plugin through the upcall stub
    private void logged(int level, long flags, MemorySegment file, int line, MemorySegment format,
                        long w0, long w1, long w2, long w3, long w4, long w5, long w6, long w7, long w8, long w9, long w10, long w11, long w12, long w13, long w14, long w15,
                        double d0, double d1, double d2, double d3, double d4, double d5, double d6, double d7) {
        try {
            String fmt = NativeLibrary.string(format);
            String message = PrintfFormat.format(fmt, PrintfFormat.arguments(new long[] {w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15},
                    new double[] {d0, d1, d2, d3, d4, d5, d6, d7}), NetPlugin::cString);
            String fileName = NativeLibrary.string(file);
            logger.log(level, flags, fileName.substring(fileName.lastIndexOf('/') + 1), line, message.stripTrailing());
        } catch (Throwable ignored) {
            // an exception must never unwind into the plugin: that would end the JVM
        }
    }

    private static String cString(long address) {
        return MemorySegment.ofAddress(address).reinterpret(4096).getString(0);
    }
}
