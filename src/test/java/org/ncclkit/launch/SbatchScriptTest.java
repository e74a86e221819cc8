package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated sbatch script: its exact text, that bash accepts it, and that its lines compute what they claim. */
class SbatchScriptTest {
    private static final String LAUNCHER = "/fsx/ncclkit-0.1.0/bin/ncclkit";
    private static final List<String> PERF = List.of("perf", "all_reduce", "-b", "8", "-e", "1G", "-f", "2", "-g", "1",
            "-c", "1", "-n", "100");

    @TempDir
    Path dir;

    private static SbatchScript.Request seedLike() {
        return new SbatchScript.Request(2, 8, Optional.of("p5"), Optional.of("00:30:00"), "nccl-allreduce", true,
                List.of(EnvSetting.parse("FI_EFA_TX_MIN_CREDITS=64"), EnvSetting.parse("NCCL_SOCKET_IFNAME=^docker,lo")),
                LAUNCHER, PERF);
    }

    /** Runs a bash command and returns its standard output; the command must succeed. */
    private static String bash(String command, Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().putAll(variables);
        Process bash = builder.start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void theScriptForTwoNodesOfEightGpus() {
        assertThat(SbatchScript.render(seedLike())).isEqualTo("""
                #!/bin/bash
                # ncclkit: 2 nodes x 8 GPUs, one rank per GPU; submit this file with sbatch.
                #SBATCH --job-name=nccl-allreduce
                #SBATCH --nodes=2
                #SBATCH --ntasks-per-node=8
                #SBATCH --gpus-per-node=8
                #SBATCH --exclusive
                #SBATCH --wait-all-nodes=1
                #SBATCH --partition=p5
                #SBATCH --time=00:30:00
                set -eu

                export FI_PROVIDER=efa
                export NCCL_DEBUG=INFO
                export FI_EFA_TX_MIN_CREDITS=64
                export NCCL_SOCKET_IFNAME='^docker,lo'
                # A fresh secret per job: every rank presents it to rank 0's rendezvous store.
                export NCCLKIT_RUN_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')
                # Rank 0 runs on the job's first node; its store's port comes from the job id, below the ephemeral ports.
                export NCCLKIT_RENDEZVOUS=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n1):$((20000 + SLURM_JOB_ID % 12000))

                srun --mpi=pmix --cpu-bind=none /fsx/ncclkit-0.1.0/bin/ncclkit perf all_reduce -b 8 -e 1G -f 2 -g 1 -c 1 -n 100
                """);
    }

    @Test
    void withoutEfaPartitionOrTimeThoseLinesAreLeftOut() {
        String script = SbatchScript.render(new SbatchScript.Request(1, 4, Optional.empty(), Optional.empty(), "ncclkit",
                false, List.of(), LAUNCHER, List.of("info")));

        assertThat(script).contains("# ncclkit: 1 node x 4 GPUs", "#SBATCH --ntasks-per-node=4\n", "#SBATCH --gpus-per-node=4\n")
                .doesNotContain("FI_PROVIDER", "--partition", "--time")
                .endsWith("srun --mpi=pmix --cpu-bind=none " + LAUNCHER + " info\n");
    }

    @Test
    void bashAcceptsTheWrittenScript() throws Exception {
        Path script = dir.resolve("allreduce.sbatch");
        SbatchScript.write(script, SbatchScript.render(seedLike()));

        assertThat(bash("bash -n " + script, Map.of())).isEmpty();
        assertThat(Files.isExecutable(script)).isTrue();
    }

    @Test
    void theTokenLineMakesA128BitHexToken() throws Exception {
        String line = SbatchScript.render(seedLike()).lines().filter(l -> l.startsWith("export NCCLKIT_RUN_TOKEN=")).findFirst()
                .orElseThrow();

        String first = bash(line + "; printf %s \"$NCCLKIT_RUN_TOKEN\"", Map.of());
        String second = bash(line + "; printf %s \"$NCCLKIT_RUN_TOKEN\"", Map.of());

        assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo(second);
    }

    @Test
    void theRendezvousPortIsTheOneRanksDeriveFromTheJobId() throws Exception {
        Matcher arithmetic = Pattern.compile("\\$\\(\\(.*\\)\\)").matcher(SbatchScript.render(seedLike()));
        assertThat(arithmetic.find()).isTrue();

        for (String jobId : List.of("7", "4242", "123456789")) {
            String port = bash("printf %s " + arithmetic.group(), Map.of("SLURM_JOB_ID", jobId));
            assertThat(Integer.parseInt(port)).isEqualTo(RendezvousSettings.derivedPort(jobId));
        }
    }

    @Test
    void envValuesAreQuotedSoThatBashExportsThemUnchanged() throws Exception {
        String script = SbatchScript.render(new SbatchScript.Request(2, 8, Optional.empty(), Optional.empty(), "ncclkit", false,
                List.of(EnvSetting.parse("NCCL_DEBUG_SUBSYS=INIT,NET"), EnvSetting.parse("NOTE=it's $HOME; ok")), LAUNCHER, PERF));
        String exports = String.join("\n", script.lines().filter(l -> l.startsWith("export NOTE")
                || l.startsWith("export NCCL_DEBUG_SUBSYS")).toList());

        assertThat(bash(exports + "\nprintf '%s|%s' \"$NCCL_DEBUG_SUBSYS\" \"$NOTE\"", Map.of()))
                .isEqualTo("INIT,NET|it's $HOME; ok");
    }

    @Test
    void argumentsWithSpecialCharactersAreQuotedOnTheSrunLine() throws Exception {
        String script = SbatchScript.render(new SbatchScript.Request(2, 8, Optional.empty(), Optional.empty(), "ncclkit", false,
                List.of(), LAUNCHER, List.of("perf", "all_reduce", "-J", "out dir/result.json")));

        assertThat(script).contains(LAUNCHER + " perf all_reduce -J 'out dir/result.json'\n");
    }

    @Test
    void directivesMustBeOnePlainWord() {
        assertThatThrownBy(() -> new SbatchScript.Request(2, 8, Optional.of("p5 --qos=high"), Optional.empty(), "ncclkit", true,
                List.of(), LAUNCHER, PERF)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--partition 'p5 --qos=high' must be one word without spaces or quotes");
        assertThatThrownBy(() -> new SbatchScript.Request(0, 8, Optional.empty(), Optional.empty(), "ncclkit", true,
                List.of(), LAUNCHER, PERF)).hasMessage("--nodes and --gpus-per-node must be at least 1");
    }

    @Test
    void writingReplacesAnOldScriptAndLeavesNoTemporaryFile() throws Exception {
        Path script = Files.writeString(dir.resolve("job.sbatch"), "old");

        SbatchScript.write(script, "#!/bin/bash\necho new\n");

        assertThat(Files.readString(script)).isEqualTo("#!/bin/bash\necho new\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("job.sbatch");
        }
    }

    @Test
    void writingIntoAMissingFolderFailsWithoutCreatingAnything() {
        Path script = dir.resolve("missing/job.sbatch");

        assertThatThrownBy(() -> SbatchScript.write(script, "x")).isInstanceOf(IOException.class);
        assertThat(Files.exists(dir.resolve("missing"))).isFalse();
    }
}
