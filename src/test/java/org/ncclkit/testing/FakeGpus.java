package org.ncclkit.testing;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Scripts that stand for a GPU node's tools in hostfile tests: nvidia-smi -L and ncclkit info --json. */
public final class FakeGpus {
    private FakeGpus() {
    }

    /** An nvidia-smi whose -L lists this many H100s, in nvidia-smi's words. */
    public static String nvidiaSmi(int gpus) {
        String lines = IntStream.range(0, gpus)
                .mapToObj(i -> "GPU " + i + ": NVIDIA H100 80GB HBM3 (UUID: GPU-00000000-0000-0000-0000-00000000000" + i + ")")
                .collect(Collectors.joining("\n"));
        return "#!/bin/sh\n[ \"$1\" = -L ] || exit 2\ncat <<'LIST'\n" + lines + "\nLIST\n";
    }

    /** An nvidia-smi that fails as it does when the driver is not loaded. */
    public static String nvidiaSmiWithoutDriver() {
        return "#!/bin/sh\necho \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
                + "Make sure that the latest NVIDIA driver is installed and running.\"\nexit 9\n";
    }

    /** An ncclkit whose {@code info --json} prints this JSON. */
    public static String ncclkitInfo(String json) {
        return "#!/bin/sh\n[ \"$1 $2\" = \"info --json\" ] || exit 2\ncat <<'JSON'\n" + json + "\nJSON\n";
    }
}
