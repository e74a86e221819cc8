package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Quoted words read back by a real shell are the words. */
class ShellWordsTest {

    @Test
    void plainWordsStayAsTheyAre() {
        assertThat(ShellWords.join(List.of("-x", "FI_PROVIDER=efa", "/opt/amazon/openmpi/bin/mpirun", "tcp,self")))
                .isEqualTo("-x FI_PROVIDER=efa /opt/amazon/openmpi/bin/mpirun tcp,self");
    }

    @Test
    void theShellReadsQuotedWordsBackUnchanged() throws Exception {
        List<String> words = List.of("a b", "it's", "$HOME", "", "NCCL_SOCKET_IFNAME=^docker,lo", "*", "x\"y", "back\\slash",
                "semi;colon", "tab\there");
        Process sh = new ProcessBuilder("sh", "-c", "printf '%s\\0' " + ShellWords.join(words)).start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(sh.waitFor()).isZero();
        assertThat(output.split("\0", -1)).containsExactly(
                "a b", "it's", "$HOME", "", "NCCL_SOCKET_IFNAME=^docker,lo", "*", "x\"y", "back\\slash", "semi;colon",
                "tab\there", "");
    }
}
