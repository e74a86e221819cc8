package org.ncclkit.ffi;

/** What a NET plugin says about one of its devices ({@code ncclNetProperties_vN_t}); fields a version lacks are 0. */
public record NetDeviceProperties(String name, String pciPath, long guid, int ptrSupport, boolean regIsGlobal,
                                  boolean forceFlush, int speedMbps, int port, float latency, int maxComms,
                                  int maxRecvs) {
    public boolean supportsHostMemory() {
        return (ptrSupport & NetPlugin.PTR_HOST) != 0;
    }

    public boolean supportsGpuMemory() {
        return (ptrSupport & NetPlugin.PTR_CUDA) != 0;
    }

    /** e.g. "host+cuda+dmabuf". */
    public String memoryKinds() {
        StringBuilder kinds = new StringBuilder();
        if (supportsHostMemory()) kinds.append("host");
        if (supportsGpuMemory()) kinds.append(kinds.isEmpty() ? "" : "+").append("cuda");
        if ((ptrSupport & NetPlugin.PTR_DMABUF) != 0) kinds.append(kinds.isEmpty() ? "" : "+").append("dmabuf");
        return kinds.isEmpty() ? "none" : kinds.toString();
    }
}
