package org.ncclkit.gpu;

import org.ncclkit.ffi.CudaDriver;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.ffi.NativeException;

/** How many GPUs the CUDA driver shows this process, or why it shows none. */
public record GpuAvailability(int count, String problem) {
    public static GpuAvailability of(int count) {
        return new GpuAvailability(count, count > 0 ? null : "the CUDA driver reports no GPU");
    }

    public static GpuAvailability none(String problem) {
        return new GpuAvailability(0, problem);
    }

    /** Loads the CUDA driver if there is one, initialises it and counts its devices. */
    public static GpuAvailability probe() {
        if (Libraries.find(LibrarySpec.CUDA).isEmpty()) {
            return none("no NVIDIA driver (" + LibrarySpec.CUDA.fileNames().getFirst() + " not found)");
        }
        try {
            CudaDriver.init();
            return of(CudaDriver.deviceCount());
        } catch (NativeException e) {
            return none(e.getMessage());
        }
    }

    public boolean usable() {
        return count > 0;
    }
}
