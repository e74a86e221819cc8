package org.ncclkit.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetPluginsTest {
    @TempDir
    Path root;

    private static Path touch(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.createFile(dir.resolve(name));
    }

    @Test
    void findsNetPluginsAndIgnoresOtherLibraries() throws IOException {
        Path ofi = root.resolve("opt/amazon/ofi-nccl/lib");
        Path net = touch(ofi, "libnccl-net.so");
        Path netOfi = touch(ofi, "libnccl-net-ofi.so");
        touch(ofi, "libnccl-tuner-ofi.so");
        touch(ofi, "libnccl.so.2");
        touch(ofi, "libfabric.so.1");
        touch(ofi, "libnccl-net.la");

        assertThat(NetPlugins.find(List.of(ofi))).containsExactlyInAnyOrder(net.toString(), netOfi.toString());
    }

    @Test
    void searchesEveryDirectoryInTheOrderGiven() throws IOException {
        Path first = root.resolve("first");
        Path second = root.resolve("second");
        Path inSecond = touch(second, "libnccl-net-ofi.so");
        Path inFirst = touch(first, "libnccl-net.so");

        assertThat(NetPlugins.find(List.of(first, second))).containsExactly(inFirst.toString(), inSecond.toString());
    }

    @Test
    void listsAPluginOnceWhenItsDirectoryIsGivenTwiceOrSpelledDifferently() throws IOException {
        Path dir = root.resolve("lib");
        Path plugin = touch(dir, "libnccl-net.so");

        List<String> found = NetPlugins.find(List.of(dir, dir, dir.resolve("../lib"), dir.resolve(".")));

        assertThat(found).containsExactly(plugin.toString());
    }

    @Test
    void missingDirectoriesAreSkipped() throws IOException {
        Path dir = root.resolve("lib64");
        Path plugin = touch(dir, "libnccl-net-ofi.so");

        assertThat(NetPlugins.find(List.of(root.resolve("missing"), dir, root.resolve("also/missing"))))
                .containsExactly(plugin.toString());
        assertThat(NetPlugins.find(List.of(root.resolve("missing")))).isEmpty();
    }

    @Test
    void reportsAbsolutePaths() throws IOException {
        Path plugin = touch(root.resolve("lib"), "libnccl-net.so");
        Path relative = Path.of("").toAbsolutePath().relativize(root.resolve("lib"));

        assertThat(NetPlugins.find(List.of(relative))).containsExactly(plugin.toString());
    }
}
