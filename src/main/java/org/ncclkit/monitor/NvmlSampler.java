package org.ncclkit.monitor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.ncclkit.ffi.NativeException;
import org.ncclkit.ffi.Nvml;
import org.ncclkit.ffi.NvmlDevice;

/**
 * Reads every GPU of this node through NVML. A value a GPU does not report becomes null rather than an error. NVLink
 * throughput is the change of NVML's payload counters between two samples; XID errors arrive on an NVML event set that
 * a daemon thread waits on, and each sample carries those that came since the previous one.
 */
public final class NvmlSampler implements Sampler {
    private static final int EVENT_WAIT_MS = 500;
    /** NVLink counters count KiB, PCIe throughput is in KB/s; samples carry both in KB/s. */
    private static final double KB_PER_KIB = 1.024;

    private final String host;
    private final Clock clock;
    private final List<NvmlDevice> devices = new ArrayList<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<Integer, String> busIds = new HashMap<>();
    private final Map<Integer, long[]> lastNvLink = new HashMap<>();
    private final Map<Integer, List<Long>> pendingXids = new HashMap<>();
    private final Nvml.EventSet events;
    private final Thread eventWaiter;
    private volatile boolean closed;
    private volatile String eventProblem;

    /** Initialises NVML; a {@link org.ncclkit.ffi.LibraryNotFoundException} or {@link NativeException} says why it cannot. */
    public NvmlSampler(String host, Clock clock) {
        this.host = host;
        this.clock = clock;
        Nvml.init();
        int count = Nvml.deviceCount();
        for (int i = 0; i < count; i++) {
            NvmlDevice device = Nvml.device(i);
            devices.add(device);
            names.put(i, orElse(() -> Nvml.name(device), ""));
            busIds.put(i, orElse(() -> Nvml.pciBusId(device), ""));
            nvLinkCounters(device).ifPresent(counters -> lastNvLink.put(device.index(), counters));
            pendingXids.put(i, new ArrayList<>());
        }
        this.events = xidEvents();
        this.eventWaiter = events == null ? null : Thread.ofPlatform().daemon().name("nvml-xid-events").start(this::waitForEvents);
    }

    public int gpuCount() {
        return devices.size();
    }

    /** Why XID events are not watched, or null when they are. */
    public String eventProblem() {
        return eventProblem;
    }

    private Nvml.EventSet xidEvents() {
        Nvml.EventSet set;
        try {
            set = Nvml.createEventSet();
        } catch (NativeException e) {
            eventProblem = "XID events not watched: " + e.getMessage();
            return null;
        }
        boolean any = false;
        for (NvmlDevice device : devices) {
            try {
                any |= set.registerXid(device);
            } catch (NativeException e) {
                eventProblem = "XID events not watched on GPU " + device.index() + ": " + e.getMessage();
            }
        }
        if (!any) {
            set.close();
            eventProblem = eventProblem != null ? eventProblem : "XID events not supported on these GPUs";
            return null;
        }
        return set;
    }

    private void waitForEvents() {
        while (!closed) {
            Optional<long[]> event;
            try {
                event = events.next(EVENT_WAIT_MS, devices);
            } catch (NativeException e) {
                if (closed) {
                    return;
                }
                eventProblem = "XID events stopped: " + e.getMessage();
                return;
            }
            event.ifPresent(found -> {
                synchronized (pendingXids) {
                    pendingXids.computeIfAbsent((int) found[0], index -> new ArrayList<>()).add(found[1]);
                }
            });
        }
    }

    @Override
    public List<GpuSample> sample() {
        Instant now = clock.instant();
        List<GpuSample> samples = new ArrayList<>();
        for (NvmlDevice device : devices) {
            samples.add(sample(device, now));
        }
        return samples;
    }

    private GpuSample sample(NvmlDevice device, Instant now) {
        int[] utilization = orElse(() -> Nvml.utilization(device), null);
        long[] memory = orElse(() -> Nvml.memory(device), null);
        Integer power = orElse(() -> Nvml.powerMilliwatts(device), null);
        Long reasons = orElse(() -> Nvml.clockEventReasons(device), 0L);
        Long[] nvlink = nvLinkRates(device);
        List<Long> xids;
        synchronized (pendingXids) {
            List<Long> pending = pendingXids.get(device.index());
            xids = List.copyOf(pending);
            pending.clear();
        }
        return new GpuSample(host, device.index(), names.get(device.index()), busIds.get(device.index()), now,
                utilization == null ? null : utilization[0],
                memory == null ? null : memory[2], memory == null ? null : memory[0],
                orElse(() -> Nvml.clockMhz(device, Nvml.CLOCK_SM), null),
                power == null ? null : power / 1000.0,
                orElse(() -> Nvml.temperatureCelsius(device), null),
                orElse(() -> (long) Nvml.pcieThroughputKBps(device, Nvml.PCIE_TX), null),
                orElse(() -> (long) Nvml.pcieThroughputKBps(device, Nvml.PCIE_RX), null),
                nvlink[0], nvlink[1],
                orElse(() -> Nvml.eccErrors(device, false), null),
                orElse(() -> Nvml.eccErrors(device, true), null),
                reasons == null ? 0 : reasons, xids);
    }

    /**
     * KB/s (1000 bytes, as NVML's PCIe figures) sent and received over NVLink since the previous reading, from NVML's
     * KiB counters; nulls where the GPU has no NVLink counters.
     */
    private Long[] nvLinkRates(NvmlDevice device) {
        Optional<long[]> now = nvLinkCounters(device);
        long[] before = lastNvLink.get(device.index());
        if (now.isEmpty()) {
            return new Long[] {null, null};
        }
        lastNvLink.put(device.index(), now.get());
        if (before == null || now.get()[2] <= before[2]) {
            return new Long[] {0L, 0L};
        }
        double seconds = (now.get()[2] - before[2]) / 1e9;
        return new Long[] {Math.max(0, Math.round((now.get()[0] - before[0]) * KB_PER_KIB / seconds)),
                Math.max(0, Math.round((now.get()[1] - before[1]) * KB_PER_KIB / seconds))};
    }

    /** {tx KiB, rx KiB, when read in System.nanoTime} (this clock, not NVML's timestamp, which not every driver fills). */
    private static Optional<long[]> nvLinkCounters(NvmlDevice device) {
        try {
            return Nvml.nvLinkDataKib(device).map(counters -> new long[] {counters[0], counters[1], System.nanoTime()});
        } catch (NativeException e) {
            return Optional.empty();
        }
    }

    private static <T> T orElse(Supplier<T> query, T fallback) {
        try {
            return query.get();
        } catch (NativeException e) {
            return fallback;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (eventWaiter != null) {
            try {
                eventWaiter.join(EVENT_WAIT_MS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!eventWaiter.isAlive()) {
                events.close();
            }
        }
        try {
            Nvml.shutdown();
        } catch (NativeException e) {
            // shutting down: nothing left to do with NVML
        }
    }
}
