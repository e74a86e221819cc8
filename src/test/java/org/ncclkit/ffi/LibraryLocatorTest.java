package org.ncclkit.ffi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented discovery order, with empty files standing in for libraries ({@code locate} only checks that a
 * regular file exists). Every test puts a copy of the library at each later rule too, so that it proves precedence.
 */
class LibraryLocatorTest {
    @TempDir
    Path root;

    private final Map<String, String> env = new HashMap<>();
    private Map<String, Path> ldconfig = new HashMap<>();
    private Path standardA;
    private Path standardB;
    private Path sitePackages;

    @BeforeEach
    void layout() throws IOException {
        standardA = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        standardB = Files.createDirectories(root.resolve("usr/local/lib"));
        sitePackages = Files.createDirectories(root.resolve("venv/lib/python3.12/site-packages"));
    }

    private LibraryLocator locator() {
        return new LibraryLocator(env, () -> ldconfig, List.of(standardA, standardB), List.of(sitePackages));
    }

    private LibraryLocation locateNccl() {
        return locator().locate(LibrarySpec.NCCL);
    }

    private static Path touch(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.createFile(dir.resolve(name));
    }

    /** A library at every automatic rule: NCCL_HOME, LD_LIBRARY_PATH, ldconfig, standard dirs, Python. */
    private void libraryEverywhere() throws IOException {
        Path home = root.resolve("nccl-home");
        touch(home.resolve("lib"), "libnccl.so.2");
        env.put("NCCL_HOME", home.toString());
        Path ld = root.resolve("ld");
        touch(ld, "libnccl.so.2");
        env.put("LD_LIBRARY_PATH", ld.toString());
        ldconfig.put("libnccl.so.2", touch(root.resolve("cache"), "libnccl.so.2"));
        touch(standardA, "libnccl.so.2");
        touch(sitePackages.resolve("nvidia/nccl/lib"), "libnccl.so.2");
    }

    @Test
    void explicitVariableNamingAFileWinsOverEveryOtherRule() throws IOException {
        libraryEverywhere();
        Path custom = touch(root.resolve("custom"), "my-nccl-build.so");
        env.put("NCCLKIT_NCCL", custom.toString());

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(custom);
        assertThat(found.reason()).isEqualTo("from NCCLKIT_NCCL");
    }

    @Test
    void explicitVariableNamingADirectoryUsesTheLibraryInIt() throws IOException {
        libraryEverywhere();
        Path dir = root.resolve("custom-dir");
        Path library = touch(dir, "libnccl.so.2");
        env.put("NCCLKIT_NCCL", dir.toString());

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(library);
        assertThat(found.reason()).isEqualTo("from NCCLKIT_NCCL");
    }

    @Test
    void explicitVariablePointingNowhereIsAnErrorNotAFallback() throws IOException {
        libraryEverywhere();
        String missing = root.resolve("does/not/exist/libnccl.so.2").toString();
        env.put("NCCLKIT_NCCL", missing);

        assertThatThrownBy(this::locateNccl)
                .isInstanceOf(LibraryNotFoundException.class)
                .hasMessageContaining("NCCLKIT_NCCL=" + missing)
                .hasMessageContaining("no such library there")
                .satisfies(e -> assertThat(((LibraryNotFoundException) e).spec()).isEqualTo(LibrarySpec.NCCL));
    }

    @Test
    void explicitVariableNamingADirectoryWithoutTheLibraryIsAnError() throws IOException {
        libraryEverywhere();
        Path empty = Files.createDirectories(root.resolve("empty"));
        env.put("NCCLKIT_NCCL", empty.toString());

        assertThatThrownBy(this::locateNccl)
                .isInstanceOf(LibraryNotFoundException.class)
                .hasMessageContaining("NCCLKIT_NCCL=" + empty);
    }

    @Test
    void blankExplicitVariableCountsAsUnset() throws IOException {
        libraryEverywhere();
        env.put("NCCLKIT_NCCL", "  ");

        assertThat(locateNccl().reason()).startsWith("from NCCL_HOME=");
    }

    @Test
    void ncclHomeLibComesBeforeLdLibraryPath() throws IOException {
        libraryEverywhere();
        Path home = root.resolve("nccl-home");

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(home.resolve("lib/libnccl.so.2"));
        assertThat(found.reason()).isEqualTo("from NCCL_HOME=" + home);
    }

    @Test
    void ncclHomeLib64IsUsedWhenLibLacksTheLibrary() throws IOException {
        libraryEverywhere();
        Path home = root.resolve("home64");
        Path library = touch(home.resolve("lib64"), "libnccl.so.2");
        Files.createDirectories(home.resolve("lib"));
        env.put("NCCL_HOME", home.toString());

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(library);
        assertThat(found.reason()).isEqualTo("from NCCL_HOME=" + home);
    }

    @Test
    void ncclHomeComesBeforeCudaHome() throws IOException {
        Path cudaHome = root.resolve("cuda");
        touch(cudaHome.resolve("lib64"), "libnccl.so.2");
        Path ncclHome = root.resolve("nccl");
        Path library = touch(ncclHome.resolve("lib"), "libnccl.so.2");
        env.put("CUDA_HOME", cudaHome.toString());
        env.put("NCCL_HOME", ncclHome.toString());

        assertThat(locateNccl().path()).isEqualTo(library);

        env.remove("NCCL_HOME");
        LibraryLocation fromCuda = locateNccl();
        assertThat(fromCuda.path()).isEqualTo(cudaHome.resolve("lib64/libnccl.so.2"));
        assertThat(fromCuda.reason()).isEqualTo("from CUDA_HOME=" + cudaHome);
    }

    @Test
    void ldLibraryPathIsSearchedInOrderAfterTheHomeVariables() throws IOException {
        libraryEverywhere();
        env.remove("NCCL_HOME");
        Path first = Files.createDirectories(root.resolve("first")); // on the path but without the library
        Path second = root.resolve("second");
        Path chosen = touch(second, "libnccl.so.2");
        Path third = root.resolve("third");
        touch(third, "libnccl.so.2");
        env.put("LD_LIBRARY_PATH", first + "::" + second + ":" + third);

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(chosen);
        assertThat(found.reason()).isEqualTo("on LD_LIBRARY_PATH");
    }

    @Test
    void ldconfigCacheComesAfterLdLibraryPathAndBeforeStandardDirectories() throws IOException {
        libraryEverywhere();
        env.remove("NCCL_HOME");
        env.remove("LD_LIBRARY_PATH");

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(root.resolve("cache/libnccl.so.2"));
        assertThat(found.reason()).isEqualTo("from the ldconfig cache");
    }

    @Test
    void ldconfigEntryWhoseFileIsGoneIsSkipped() throws IOException {
        touch(standardA, "libnccl.so.2");
        ldconfig.put("libnccl.so.2", root.resolve("deleted/libnccl.so.2"));

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(standardA.resolve("libnccl.so.2"));
    }

    @Test
    void ldconfigCacheIsNotReadWhenAnEarlierRuleFindsTheLibrary() throws IOException {
        Path ld = root.resolve("ld");
        touch(ld, "libnccl.so.2");
        env.put("LD_LIBRARY_PATH", ld.toString());
        Supplier<Map<String, Path>> mustNotRun = () -> fail("ldconfig cache read although LD_LIBRARY_PATH had the library");

        LibraryLocation found = new LibraryLocator(env, mustNotRun, List.of(), List.of()).locate(LibrarySpec.NCCL);

        assertThat(found.path()).isEqualTo(ld.resolve("libnccl.so.2"));
    }

    @Test
    void standardDirectoriesAreSearchedInOrderAfterTheLdconfigCache() throws IOException {
        touch(standardB, "libnccl.so.2");
        Path chosen = touch(standardA, "libnccl.so.2");
        touch(sitePackages.resolve("nvidia/nccl/lib"), "libnccl.so.2");

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(chosen);
        assertThat(found.reason()).isEqualTo("in standard directory " + standardA);
    }

    @Test
    void pythonSitePackagesNvidiaLibIsTheLastRule() throws IOException {
        Files.createDirectories(sitePackages.resolve("nvidia/cublas/lib"));
        Path library = touch(sitePackages.resolve("nvidia/nccl/lib"), "libnccl.so.2");

        LibraryLocation found = locateNccl();

        assertThat(found.path()).isEqualTo(library);
        assertThat(found.reason()).isEqualTo("in Python package " + sitePackages.resolve("nvidia/nccl"));
    }

    @Test
    void stubsDirectoriesAreSkipped() throws IOException {
        Path stubs = root.resolve("cuda/lib64/stubs");
        touch(stubs, "libcuda.so.1");
        Path real = root.resolve("driver");
        Path library = touch(real, "libcuda.so.1");
        env.put("LD_LIBRARY_PATH", stubs + ":" + real);

        LibraryLocation found = locator().locate(LibrarySpec.CUDA);

        assertThat(found.path()).isEqualTo(library);
    }

    @Test
    void stubsDirectoryAloneLeavesTheLibraryNotFound() throws IOException {
        Path stubs = root.resolve("cuda/lib64/stubs");
        touch(stubs, "libcuda.so.1");
        env.put("LD_LIBRARY_PATH", stubs.toString());

        assertThatThrownBy(() -> new LibraryLocator(env, Map::of, List.of(stubs), List.of()).locate(LibrarySpec.CUDA))
                .isInstanceOf(LibraryNotFoundException.class);
    }

    @Test
    void sonameIsPreferredOverTheUnversionedName() throws IOException {
        touch(standardA, "libnccl.so");
        Path soname = touch(standardA, "libnccl.so.2");

        assertThat(locateNccl().path()).isEqualTo(soname);
    }

    @Test
    void unversionedNameIsAcceptedWhenItIsAllThereIs() throws IOException {
        Path plain = touch(standardB, "libnccl.so");

        assertThat(locateNccl().path()).isEqualTo(plain);
    }

    @Test
    void directoryNamedLikeTheLibraryIsNotALibrary() throws IOException {
        Files.createDirectories(standardA.resolve("libnccl.so.2"));
        Path file = touch(standardB, "libnccl.so.2");

        assertThat(locateNccl().path()).isEqualTo(file);
    }

    @Test
    void notFoundMessageListsEveryRuleSearchedAndNamesTheOverrideVariable() {
        Path home = root.resolve("empty-home");
        env.put("NCCL_HOME", home.toString());
        env.put("LD_LIBRARY_PATH", root.resolve("nothing-here").toString());

        assertThatThrownBy(this::locateNccl)
                .isInstanceOf(LibraryNotFoundException.class)
                .hasMessageStartingWith("libnccl.so.2 not found (searched: ")
                .hasMessageContaining("NCCLKIT_NCCL (unset)")
                .hasMessageContaining("NCCL_HOME=" + home)
                .hasMessageContaining("LD_LIBRARY_PATH")
                .hasMessageContaining("ldconfig cache")
                .hasMessageContaining("standard directories")
                .hasMessageContaining("Python site-packages/nvidia/*/lib")
                .hasMessageEndingWith("set NCCLKIT_NCCL to its path");
    }

    @Test
    void eachLibraryHasItsOwnOverrideVariable() throws IOException {
        Path fabric = touch(root.resolve("fabric"), "libfabric.so.1");
        env.put("NCCLKIT_LIBFABRIC", fabric.toString());
        env.put("NCCLKIT_NCCL", fabric.toString()); // NCCL's variable must not steer the NVML lookup

        assertThat(locator().locate(LibrarySpec.LIBFABRIC).reason()).isEqualTo("from NCCLKIT_LIBFABRIC");
        assertThatThrownBy(() -> locator().locate(LibrarySpec.NVML))
                .hasMessageStartingWith("libnvidia-ml.so.1 not found")
                .hasMessageContaining("set NCCLKIT_NVML");
    }

    @Test
    void ldLibraryPathSplitsOnColonsAndDropsEmptyEntries() {
        assertThat(LibraryLocator.pathList("/a::/b: :/c")).containsExactly("/a", "/b", "/c");
        assertThat(LibraryLocator.pathList(null)).isEmpty();
        assertThat(LibraryLocator.pathList("")).isEmpty();
    }

    @Test
    void loadFailureMessageNamesThePathAndTheReason() {
        LibraryNotFoundException e = new LibraryNotFoundException(LibrarySpec.CUDA, "/x/libcuda.so.1", "invalid ELF header");

        assertThat(e).hasMessage("libcuda.so.1 at /x/libcuda.so.1 could not be loaded: invalid ELF header");
        assertThat(e.spec()).isEqualTo(LibrarySpec.CUDA);
    }
}
