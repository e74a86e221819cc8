package org.ncclkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.ncclkit.check.MemoryKind;
import org.ncclkit.ffi.NetDeviceProperties;
import org.ncclkit.gpu.GpuAvailability;
import org.ncclkit.gpu.NoGpuException;

/**
 * Which memory {@code check plugin} tests: {@code --memory host|cuda|both}, or by default every kind the plugin
 * device takes (its ptrSupport) that this node can provide (CUDA memory needs a usable GPU), agreed by both ranks.
 */
final class MemoryChoice {
    private MemoryChoice() {
    }

    /** The kinds {@code --memory} names; empty when it was not given. */
    static Optional<List<MemoryKind>> requested(String option) {
        if (option == null) {
            return Optional.empty();
        }
        return Optional.of(switch (option.toLowerCase(Locale.ROOT)) {
            case "host" -> List.of(MemoryKind.HOST);
            case "cuda" -> List.of(MemoryKind.CUDA);
            case "both" -> List.of(MemoryKind.HOST, MemoryKind.CUDA);
            default -> throw new UsageException("--memory must be host, cuda or both, not '" + option + "'");
        });
    }

    /**
     * The kinds to test on plugin device {@code dev}. Asked-for memory the device does not take is a usage error,
     * asked-for CUDA memory without a usable GPU a no-GPU error; by default the device's kinds, CUDA only with a GPU.
     */
    static List<MemoryKind> kinds(Optional<List<MemoryKind>> requested, NetDeviceProperties device, int dev,
                                  GpuAvailability gpu) {
        if (requested.isPresent()) {
            for (MemoryKind kind : requested.get()) {
                if (!takes(device, kind)) {
                    throw new UsageException("device " + dev + " does not take " + kind + ": its ptrSupport ("
                            + device.memoryKinds() + ") lacks NCCL_PTR_" + kind.name());
                }
            }
            if (requested.get().contains(MemoryKind.CUDA) && !gpu.usable()) {
                throw new NoGpuException("--memory " + (requested.get().size() > 1 ? "both" : "cuda")
                        + " needs a GPU on every rank, and this node has none usable: " + gpu.problem());
            }
            return requested.get();
        }
        List<MemoryKind> kinds = new ArrayList<>();
        for (MemoryKind kind : MemoryKind.values()) {
            if (takes(device, kind) && (kind != MemoryKind.CUDA || gpu.usable())) {
                kinds.add(kind);
            }
        }
        if (kinds.isEmpty()) {
            if (device.supportsGpuMemory()) {
                throw new NoGpuException("device " + dev + " takes only CUDA memory, and this node has no usable GPU: "
                        + gpu.problem());
            }
            throw new UsageException("device " + dev + " takes neither host nor CUDA memory (ptrSupport: "
                    + device.memoryKinds() + ")");
        }
        return List.copyOf(kinds);
    }

    private static boolean takes(NetDeviceProperties device, MemoryKind kind) {
        return (device.ptrSupport() & kind.pointerType()) != 0;
    }

    /** This rank's kinds as one byte of NCCL_PTR_* bits, for the ranks to agree on. */
    static byte[] mask(List<MemoryKind> kinds) {
        int bits = 0;
        for (MemoryKind kind : kinds) {
            bits |= kind.pointerType();
        }
        return new byte[] {(byte) bits};
    }

    /** The kinds of {@code mine} that every rank's mask has too. */
    static List<MemoryKind> common(List<MemoryKind> mine, List<byte[]> masks) {
        int bits = ~0;
        for (byte[] mask : masks) {
            bits &= mask[0];
        }
        int shared = bits;
        List<MemoryKind> kinds = mine.stream().filter(kind -> (shared & kind.pointerType()) != 0).toList();
        if (kinds.isEmpty()) {
            throw new UsageException("the ranks share no memory kind to test (this rank: " + mine + ")");
        }
        return kinds;
    }

    /**
     * The GPU this rank's CUDA buffers go on: the rank's index among its host's processes, as perf picks it, wrapped
     * around the host's GPUs, since a plugin check (unlike a collective) may share one GPU between its two ranks.
     */
    static int cudaDevice(int indexOnHost, int gpuCount) {
        return indexOnHost % gpuCount;
    }
}
