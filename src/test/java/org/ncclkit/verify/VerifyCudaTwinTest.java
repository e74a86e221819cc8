package org.ncclkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.collective.DataType;

/**
 * verify.cu's formulas, compiled for the CPU with nvcc where it is installed (they are {@code __host__ __device__}),
 * give the same input and expected bits as their Java twin {@link VerifyFormula}: so what the property test proves
 * of the twin holds for the kernels. Skipped where there is no nvcc.
 */
class VerifyCudaTwinTest {
    private static final int[] RANK_COUNTS = {1, 2, 3, 5, 8, 10, 17, 18, 257, 1000, 4093, 4096};

    @Test
    void theKernelFormulasAndTheirJavaTwinGiveTheSameBits(@TempDir Path dir) throws Exception {
        Optional<Path> nvcc = nvcc();
        Assumptions.assumeTrue(nvcc.isPresent(), "no nvcc on this machine");
        Path program = dir.resolve("verify_twin");
        run(List.of(nvcc.get().toString(), "-o", program.toString(), Path.of("src/test/cuda/verify_twin.cu").toString()), "");

        Random random = new Random(13);
        List<String> cases = new ArrayList<>();
        List<String> wanted = new ArrayList<>();
        for (DataType type : DataType.values()) {
            for (int op = 0; op <= VerifyFormula.OP_COPY; op++) {
                for (int ranks : RANK_COUNTS) {
                    for (int sample = 0; sample < 3; sample++) {
                        long seed = random.nextLong() >>> 1;
                        int rank = random.nextInt(ranks);
                        long index = random.nextLong(1L << 33);
                        cases.add(type.label() + " " + op + " " + ranks + " " + seed + " " + rank + " " + index);
                        long input = VerifyFormula.inputBits(type, seed, rank, ranks, index, op);
                        long expected = op == VerifyFormula.OP_COPY ? input : VerifyFormula.expectedBits(type, seed, ranks, index, op);
                        wanted.add(Long.toHexString(input) + " " + Long.toHexString(expected));
                    }
                }
            }
        }
        List<String> got = run(List.of(program.toString()), String.join("\n", cases) + "\n");
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            if (i >= got.size() || !got.get(i).equals(wanted.get(i))) {
                differences.add(cases.get(i) + ": CUDA " + (i < got.size() ? got.get(i) : "nothing") + ", Java " + wanted.get(i));
            }
        }
        assertThat(differences).isEmpty();
    }

    private static Optional<Path> nvcc() throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir, "nvcc"));
        }
        Path local = Path.of("/usr/local");
        if (Files.isDirectory(local)) {
            try (Stream<Path> cudas = Files.list(local)) {
                cudas.filter(p -> p.getFileName().toString().startsWith("cuda")).sorted()
                        .forEach(p -> candidates.add(p.resolve("bin/nvcc")));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private static List<String> run(List<String> command, String input) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output.lines().filter(l -> !l.isBlank() && !l.contains("warning")).toList();
    }
}
