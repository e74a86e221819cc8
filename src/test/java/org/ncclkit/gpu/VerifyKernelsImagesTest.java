package org.ncclkit.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The two images of verify.cu in the jar: what a GPU of each architecture will load without the driver's compiler. */
class VerifyKernelsImagesTest {
    private static final int FATBIN_MAGIC = 0xBA55ED50;
    private static final int MACHINE_CODE = 2;

    @Test
    void theFatbinHoldsMachineCodeForTuringToBlackwellAndNothingToCompile() throws IOException {
        ByteBuffer fatbin = ByteBuffer.wrap(resource("verify.fatbin")).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(fatbin.getInt(0)).as("fatbin magic").isEqualTo(FATBIN_MAGIC);

        List<String> entries = new ArrayList<>();
        int first = fatbin.getShort(6);
        long end = first + fatbin.getLong(8);
        for (int entry = first; entry < end; ) {
            int kind = fatbin.getShort(entry);
            int headerSize = fatbin.getInt(entry + 4);
            long payload = fatbin.getLong(entry + 8);
            entries.add((kind == MACHINE_CODE ? "sm_" : "ptx_") + fatbin.getInt(entry + 28));
            entry += headerSize + (int) payload;
        }

        assertThat(entries).containsExactlyInAnyOrder("sm_75", "sm_80", "sm_89", "sm_90", "sm_100", "sm_120");
    }

    @Test
    void thePtxFallbackTargetsCompute75AtIsa78ForDriversFromCuda12() throws IOException {
        String ptx = new String(resource("verify.ptx"), StandardCharsets.US_ASCII);

        assertThat(ptx).contains("\n.version 7.8\n", "\n.target sm_75\n");
        assertThat(ptx.lines().filter(l -> l.startsWith(".visible .entry") || l.startsWith(".entry")).count())
                .as("fill and check per type, and the corruptions").isEqualTo(27);
    }

    @Test
    void theShippedImagesWereBuiltFromTheVerifyCuInThisTree() throws Exception {
        String built = Files.readString(Path.of("src/main/cuda/verify.cu.built.sha256")).strip();
        byte[] source = Files.readAllBytes(Path.of("src/main/cuda/verify.cu"));

        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source)))
                .as("verify.cu changed since build-kernels.sh last ran: rebuild verify.fatbin and verify.ptx with it (needs nvcc)")
                .isEqualTo(built);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = VerifyKernels.class.getResourceAsStream(name)) {
            assertThat(in).as(name + " in the jar").isNotNull();
            return in.readAllBytes();
        }
    }
}
