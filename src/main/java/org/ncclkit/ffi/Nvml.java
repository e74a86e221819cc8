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
 * NVML ({@code libnvidia-ml.so.1}) through FFM: what the driver knows about each GPU. Values a GPU does not support
 * fail with {@link #ERROR_NOT_SUPPORTED}, which callers show as "n/a".
 */
public final class Nvml {
    private static final String LIBRARY = "NVML";
    public static final int ERROR_INVALID_ARGUMENT = 2;
    public static final int ERROR_NOT_SUPPORTED = 3;
    /** {@code NVML_NVLINK_MAX_LINKS} in current headers. */
    public static final int MAX_NVLINKS = 18;
    /** {@code nvmlClockType_t}. */
    public static final int CLOCK_GRAPHICS = 0;
    public static final int CLOCK_SM = 1;
    public static final int CLOCK_MEMORY = 2;
    /** {@code nvmlPcieUtilCounter_t}. */
    public static final int PCIE_TX = 0;
    public static final int PCIE_RX = 1;
    /** {@code NVML_ERROR_TIMEOUT}: {@code nvmlEventSetWait} saw no event in its time. */
    public static final int ERROR_TIMEOUT = 10;
    /** {@code nvmlEventTypeXidCriticalError}. */
    public static final long EVENT_XID_CRITICAL_ERROR = 0x8L;
    /** {@code NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_TX/RX}: KiB of payload since the driver loaded, all links together. */
    public static final int FIELD_NVLINK_DATA_TX_KIB = 138;
    public static final int FIELD_NVLINK_DATA_RX_KIB = 139;
    /** A field value's scope meaning "every link". */
    private static final int SCOPE_ALL_LINKS = -1;

    private static final StructLayout PCI_INFO = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("busIdLegacy"),
            JAVA_INT.withName("domain"), JAVA_INT.withName("bus"), JAVA_INT.withName("device"),
            JAVA_INT.withName("pciDeviceId"), JAVA_INT.withName("pciSubSystemId"),
            MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("busId"));
    private static final long PCI_BUS_ID_OFFSET = PCI_INFO.byteOffset(MemoryLayout.PathElement.groupElement("busId"));
    private static final StructLayout MEMORY = MemoryLayout.structLayout(
            JAVA_LONG.withName("total"), JAVA_LONG.withName("free"), JAVA_LONG.withName("used"));
    private static final StructLayout UTILIZATION = MemoryLayout.structLayout(
            JAVA_INT.withName("gpu"), JAVA_INT.withName("memory"));

    /** {@code nvmlFieldValue_t}: fieldId, scopeId, timestamp, latencyUsec, valueType, nvmlReturn, value (a union of 8 bytes). */
    private static final StructLayout FIELD_VALUE = MemoryLayout.structLayout(
            JAVA_INT.withName("fieldId"), JAVA_INT.withName("scopeId"), JAVA_LONG.withName("timestamp"),
            JAVA_LONG.withName("latencyUsec"), JAVA_INT.withName("valueType"), JAVA_INT.withName("nvmlReturn"),
            JAVA_LONG.withName("value"));
    /** {@code nvmlEventData_t}: device, eventType, eventData, gpuInstanceId, computeInstanceId. */
    private static final StructLayout EVENT_DATA = MemoryLayout.structLayout(
            ADDRESS.withName("device"), JAVA_LONG.withName("eventType"), JAVA_LONG.withName("eventData"),
            JAVA_INT.withName("gpuInstanceId"), JAVA_INT.withName("computeInstanceId"));
    private static final int VALUE_TYPE_DOUBLE = 0;
    private static final int VALUE_TYPE_UNSIGNED_INT = 1;
    private static final int VALUE_TYPE_SIGNED_INT = 5;

    private static final NativeLibrary LIB = Libraries.get(LibrarySpec.NVML);
    private static final MethodHandle INIT = LIB.function("nvmlInit_v2", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SHUTDOWN = LIB.function("nvmlShutdown", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle ERROR_STRING = LIB.function("nvmlErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle DRIVER_VERSION = LIB.function("nvmlSystemGetDriverVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CUDA_DRIVER_VERSION = LIB.function("nvmlSystemGetCudaDriverVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle DEVICE_COUNT = LIB.function("nvmlDeviceGetCount_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle HANDLE_BY_INDEX = LIB.function("nvmlDeviceGetHandleByIndex_v2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle NAME = LIB.function("nvmlDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle PCI_INFO_V3 = LIB.function("nvmlDeviceGetPciInfo_v3", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MEMORY_INFO = LIB.function("nvmlDeviceGetMemoryInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle UTILIZATION_RATES = LIB.function("nvmlDeviceGetUtilizationRates", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOCK_INFO = LIB.function("nvmlDeviceGetClockInfo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle POWER_USAGE = LIB.function("nvmlDeviceGetPowerUsage", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TEMPERATURE = LIB.function("nvmlDeviceGetTemperature", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle NVLINK_STATE = LIB.function("nvmlDeviceGetNvLinkState", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle PERSISTENCE_MODE = LIB.function("nvmlDeviceGetPersistenceMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TOTAL_ECC_ERRORS = LIB.function("nvmlDeviceGetTotalEccErrors", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle CLOCK_EVENT_REASONS = LIB.optionalFunction("nvmlDeviceGetCurrentClocksEventReasons",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)).orElseGet(() ->
            LIB.function("nvmlDeviceGetCurrentClocksThrottleReasons", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)));
    private static final MethodHandle PCIE_THROUGHPUT = LIB.function("nvmlDeviceGetPcieThroughput", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle PCIE_REPLAY_COUNTER = LIB.function("nvmlDeviceGetPcieReplayCounter", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle FIELD_VALUES = LIB.function("nvmlDeviceGetFieldValues", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle EVENT_SET_CREATE = LIB.function("nvmlEventSetCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle REGISTER_EVENTS = LIB.function("nvmlDeviceRegisterEvents", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle EVENT_SET_WAIT = LIB.function("nvmlEventSetWait_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle EVENT_SET_FREE = LIB.function("nvmlEventSetFree", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private Nvml() {
    }

    public static LibraryLocation location() {
        return LIB.location();
    }

    public static void init() {
        try {
            check("nvmlInit", (int) INIT.invokeExact());
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlInit", t);
        }
    }

    public static void shutdown() {
        try {
            check("nvmlShutdown", (int) SHUTDOWN.invokeExact());
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlShutdown", t);
        }
    }

    /** The kernel driver's version, e.g. "580.95.05". */
    public static String driverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(96);
            check("nvmlSystemGetDriverVersion", (int) DRIVER_VERSION.invokeExact(out, 96));
            return out.getString(0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlSystemGetDriverVersion", t);
        }
    }

    /** The CUDA version the driver supports, e.g. 13000. */
    public static int cudaDriverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("nvmlSystemGetCudaDriverVersion", (int) CUDA_DRIVER_VERSION.invokeExact(out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlSystemGetCudaDriverVersion", t);
        }
    }

    public static int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check("nvmlDeviceGetCount", (int) DEVICE_COUNT.invokeExact(out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetCount", t);
        }
    }

    public static NvmlDevice device(int index) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("nvmlDeviceGetHandleByIndex", (int) HANDLE_BY_INDEX.invokeExact(index, out));
            return new NvmlDevice(index, out.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetHandleByIndex", t);
        }
    }

    public static String name(NvmlDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(96);
            check("nvmlDeviceGetName", (int) NAME.invokeExact(device.handle(), out, 96));
            return out.getString(0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetName", t);
        }
    }

    /** The PCI bus id, e.g. "00000000:53:00.0". */
    public static String pciBusId(NvmlDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(PCI_INFO);
            check("nvmlDeviceGetPciInfo", (int) PCI_INFO_V3.invokeExact(device.handle(), out));
            return out.getString(PCI_BUS_ID_OFFSET);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetPciInfo", t);
        }
    }

    /** Total, free and used memory in bytes. */
    public static long[] memory(NvmlDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(MEMORY);
            check("nvmlDeviceGetMemoryInfo", (int) MEMORY_INFO.invokeExact(device.handle(), out));
            return new long[] {out.get(JAVA_LONG, 0), out.get(JAVA_LONG, 8), out.get(JAVA_LONG, 16)};
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetMemoryInfo", t);
        }
    }

    /** GPU and memory utilization over the last sample period, in percent. */
    public static int[] utilization(NvmlDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(UTILIZATION);
            check("nvmlDeviceGetUtilizationRates", (int) UTILIZATION_RATES.invokeExact(device.handle(), out));
            return new int[] {out.get(JAVA_INT, 0), out.get(JAVA_INT, 4)};
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetUtilizationRates", t);
        }
    }

    /** A clock in MHz ({@link #CLOCK_SM}, {@link #CLOCK_MEMORY}, {@link #CLOCK_GRAPHICS}). */
    public static int clockMhz(NvmlDevice device, int clockType) {
        return intQuery("nvmlDeviceGetClockInfo", CLOCK_INFO, device, clockType);
    }

    public static int powerMilliwatts(NvmlDevice device) {
        return intQuery("nvmlDeviceGetPowerUsage", POWER_USAGE, device);
    }

    /** GPU core temperature in degrees Celsius. */
    public static int temperatureCelsius(NvmlDevice device) {
        return intQuery("nvmlDeviceGetTemperature", TEMPERATURE, device, 0);
    }

    /** Whether an NVLink is active; fails with {@link #ERROR_INVALID_ARGUMENT} or {@link #ERROR_NOT_SUPPORTED} past the last link. */
    public static boolean nvLinkActive(NvmlDevice device, int link) {
        return intQuery("nvmlDeviceGetNvLinkState", NVLINK_STATE, device, link) == 1;
    }

    /** Whether persistence mode is on (the driver stays loaded between processes, so a job does not pay its start-up). */
    public static boolean persistenceMode(NvmlDevice device) {
        return intQuery("nvmlDeviceGetPersistenceMode", PERSISTENCE_MODE, device) == 1;
    }

    /** Aggregate ECC errors since the driver was loaded: uncorrected when {@code uncorrected}, else corrected. */
    public static long eccErrors(NvmlDevice device, boolean uncorrected) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("nvmlDeviceGetTotalEccErrors", (int) TOTAL_ECC_ERRORS.invokeExact(device.handle(), uncorrected ? 1 : 0, 1, out));
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetTotalEccErrors", t);
        }
    }

    /** The bit mask of reasons the clocks are held down ({@code nvmlClocksEventReason*}). */
    public static long clockEventReasons(NvmlDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("nvmlDeviceGetCurrentClocksEventReasons", (int) CLOCK_EVENT_REASONS.invokeExact(device.handle(), out));
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetCurrentClocksEventReasons", t);
        }
    }

    /** PCIe throughput in KB/s over the last 20 ms ({@link #PCIE_TX} or {@link #PCIE_RX}). */
    public static int pcieThroughputKBps(NvmlDevice device, int counter) {
        return intQuery("nvmlDeviceGetPcieThroughput", PCIE_THROUGHPUT, device, counter);
    }

    /** PCIe replays: a rising count means a bad link or riser. */
    public static int pcieReplays(NvmlDevice device) {
        return intQuery("nvmlDeviceGetPcieReplayCounter", PCIE_REPLAY_COUNTER, device);
    }

    /**
     * NVLink payload counters, all links together: {tx KiB, rx KiB, NVML's timestamp in microseconds}, or empty where the
     * GPU or driver has no such field (no NVLink).
     */
    public static java.util.Optional<long[]> nvLinkDataKib(NvmlDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocate(FIELD_VALUE, 2);
            int[] fields = {FIELD_NVLINK_DATA_TX_KIB, FIELD_NVLINK_DATA_RX_KIB};
            for (int i = 0; i < 2; i++) {
                MemorySegment value = values.asSlice(i * FIELD_VALUE.byteSize(), FIELD_VALUE.byteSize());
                value.set(JAVA_INT, 0, fields[i]);
                value.set(JAVA_INT, 4, SCOPE_ALL_LINKS);
            }
            check("nvmlDeviceGetFieldValues", (int) FIELD_VALUES.invokeExact(device.handle(), 2, values));
            long[] result = new long[3];
            for (int i = 0; i < 2; i++) {
                MemorySegment value = values.asSlice(i * FIELD_VALUE.byteSize(), FIELD_VALUE.byteSize());
                if (value.get(JAVA_INT, 28) != 0) {
                    return java.util.Optional.empty();
                }
                result[i] = fieldLong(value);
                result[2] = value.get(JAVA_LONG, 8);
            }
            return java.util.Optional.of(result);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlDeviceGetFieldValues", t);
        }
    }

    private static long fieldLong(MemorySegment value) {
        return switch (value.get(JAVA_INT, 24)) {
            case VALUE_TYPE_DOUBLE -> (long) value.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 32);
            case VALUE_TYPE_UNSIGNED_INT -> Integer.toUnsignedLong(value.get(JAVA_INT, 32));
            case VALUE_TYPE_SIGNED_INT -> value.get(JAVA_INT, 32);
            default -> value.get(JAVA_LONG, 32); // unsigned long, unsigned long long, signed long long
        };
    }

    /** An NVML event set ({@code nvmlEventSet_t}) that XID errors of the registered GPUs arrive on; closing frees it. */
    public static final class EventSet implements AutoCloseable {
        private final MemorySegment set;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment data = arena.allocate(EVENT_DATA);

        private EventSet(MemorySegment set) {
            this.set = set;
        }

        /** Registers a GPU for XID critical errors; false where the GPU does not support events. */
        public boolean registerXid(NvmlDevice device) {
            int result;
            try {
                result = (int) REGISTER_EVENTS.invokeExact(device.handle(), EVENT_XID_CRITICAL_ERROR, set);
            } catch (Throwable t) {
                throw NativeLibrary.invocationFailure("nvmlDeviceRegisterEvents", t);
            }
            if (result == ERROR_NOT_SUPPORTED) {
                return false;
            }
            check("nvmlDeviceRegisterEvents", result);
            return true;
        }

        /**
         * Waits up to {@code timeoutMs} for one event: {NVML index of the GPU, XID}, or empty when none came. The device is
         * matched by handle among {@code devices}.
         */
        public synchronized java.util.Optional<long[]> next(int timeoutMs, java.util.List<NvmlDevice> devices) {
            int result;
            try {
                result = (int) EVENT_SET_WAIT.invokeExact(set, data, timeoutMs);
            } catch (Throwable t) {
                throw NativeLibrary.invocationFailure("nvmlEventSetWait", t);
            }
            if (result == ERROR_TIMEOUT) {
                return java.util.Optional.empty();
            }
            check("nvmlEventSetWait", result);
            long handle = data.get(ADDRESS, 0).address();
            long index = devices.stream().filter(device -> device.handle().address() == handle)
                    .mapToLong(NvmlDevice::index).findFirst().orElse(-1);
            return java.util.Optional.of(new long[] {index, data.get(JAVA_LONG, 16)});
        }

        @Override
        public synchronized void close() {
            try {
                check("nvmlEventSetFree", (int) EVENT_SET_FREE.invokeExact(set));
            } catch (Throwable t) {
                throw NativeLibrary.invocationFailure("nvmlEventSetFree", t);
            } finally {
                arena.close();
            }
        }
    }

    public static EventSet createEventSet() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("nvmlEventSetCreate", (int) EVENT_SET_CREATE.invokeExact(out));
            return new EventSet(out.get(ADDRESS, 0));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlEventSetCreate", t);
        }
    }

    public static String errorString(int result) {
        try {
            return NativeLibrary.string((MemorySegment) ERROR_STRING.invokeExact(result));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("nvmlErrorString", t);
        }
    }

    private static int intQuery(String call, MethodHandle handle, NvmlDevice device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(call, (int) handle.invokeExact(device.handle(), out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(call, t);
        }
    }

    private static int intQuery(String call, MethodHandle handle, NvmlDevice device, int argument) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(call, (int) handle.invokeExact(device.handle(), argument, out));
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure(call, t);
        }
    }

    private static void check(String call, int result) {
        if (result != 0) {
            throw new NativeException(LIBRARY, call, result, errorString(result));
        }
    }
}
