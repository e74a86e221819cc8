package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions read from plugin files laid out as a shared library holds its strings: NUL-separated among binary bytes. */
class NetPluginVersionTest {
    @TempDir
    Path dir;

    private Path library(String name, String strings) throws IOException {
        byte[] text = strings.getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[text.length + 512];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i; // an ELF-like run of every byte value before the strings
        }
        System.arraycopy(text, 0, bytes, 256, text.length);
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void awsOfiNcclIsNamedByThePackageStringItLogsAtInit() throws IOException {
        Path plugin = library("libnccl-net.so", "\0NET/OFI\0Initializing aws-ofi-nccl 1.16.3\0Using Libfabric\0");

        assertThat(NetPluginVersion.of(plugin)).isEqualTo("aws-ofi-nccl 1.16.3");
    }

    @Test
    void aPreReleaseSuffixIsKept() throws IOException {
        Path plugin = library("libnccl-net.so", "Initializing aws-ofi-nccl 1.14.0-aws\0");

        assertThat(NetPluginVersion.of(plugin)).isEqualTo("aws-ofi-nccl 1.14.0-aws");
    }

    @Test
    void anyOtherPluginIsNamedByItsDigestSoThatTwoBuildsDiffer() throws IOException {
        Path one = library("libnccl-net-a.so", "\0my plugin\0");
        Path other = library("libnccl-net-b.so", "\0my plugin, rebuilt\0");

        assertThat(NetPluginVersion.of(one)).matches("sha256:[0-9a-f]{12}");
        assertThat(NetPluginVersion.of(one)).isNotEqualTo(NetPluginVersion.of(other));
        assertThat(NetPluginVersion.of(one)).isEqualTo(NetPluginVersion.of(library("copy.so", "\0my plugin\0")));
    }

    @Test
    void anUnreadableFileSaysWhy() {
        assertThat(NetPluginVersion.of(dir.resolve("missing.so"))).startsWith("unreadable (");
    }
}
