package org.ncclkit.ffi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Finds native libraries in a documented order: the explicit variable (e.g. {@code NCCLKIT_NCCL}), the home
 * variables ({@code NCCL_HOME}, {@code CUDA_HOME}), {@code LD_LIBRARY_PATH}, the {@code ldconfig} cache, standard
 * directories, then Python packages ({@code site-packages/nvidia/<pkg>/lib}).
 */
public final class LibraryLocator {
    private static final List<String> STANDARD_DIRECTORIES = List.of(
            "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib",
            "/usr/local/cuda/lib64", "/usr/local/nvidia/lib64", "/opt/amazon/efa/lib", "/opt/amazon/efa/lib64",
            "/opt/amazon/ofi-nccl/lib", "/opt/amazon/ofi-nccl/lib64", "/opt/amazon/openmpi/lib", "/opt/amazon/openmpi/lib64");
    private static final List<String> PYTHON_ROOTS = List.of("/usr/local/lib", "/usr/lib", "/opt/conda/lib");

    private final Map<String, String> environment;
    private final Supplier<Map<String, Path>> ldconfigCache;
    private final List<Path> standardDirectories;
    private final List<Path> pythonPackageDirectories;

    public LibraryLocator(Map<String, String> environment, Supplier<Map<String, Path>> ldconfigCache,
                          List<Path> standardDirectories, List<Path> pythonPackageDirectories) {
        this.environment = environment;
        this.ldconfigCache = ldconfigCache;
        this.standardDirectories = standardDirectories;
        this.pythonPackageDirectories = pythonPackageDirectories;
    }

    /** A locator for this machine: its environment, its {@code ldconfig} cache and its Python installs. */
    public static LibraryLocator forThisMachine() {
        Map<String, String> env = System.getenv();
        List<Path> python = new ArrayList<>();
        Stream.of(env.get("VIRTUAL_ENV"), env.get("CONDA_PREFIX"))
                .filter(v -> v != null && !v.isBlank())
                .forEach(prefix -> python.addAll(sitePackagesUnder(Path.of(prefix, "lib"))));
        PYTHON_ROOTS.forEach(root -> python.addAll(sitePackagesUnder(Path.of(root))));
        python.addAll(sitePackagesUnder(Path.of(System.getProperty("user.home"), ".local", "lib")));
        for (Path opt : listDirectories(Path.of("/opt"), "*")) {
            python.addAll(sitePackagesUnder(opt.resolve(".venv").resolve("lib")));
            python.addAll(sitePackagesUnder(opt.resolve("lib")));
        }
        List<Path> standard = STANDARD_DIRECTORIES.stream().map(Path::of).toList();
        return new LibraryLocator(env, memoize(LdconfigCache::read), standard, python);
    }

    /** Finds the library, or throws naming every place searched. */
    public LibraryLocation locate(LibrarySpec spec) {
        List<String> searched = new ArrayList<>();
        String explicit = environment.get(spec.overrideVariable());
        if (explicit != null && !explicit.isBlank()) {
            return fromExplicit(spec, Path.of(explicit))
                    .orElseThrow(() -> new LibraryNotFoundException(spec,
                            List.of(spec.overrideVariable() + "=" + explicit + " (no such library there)")));
        }
        searched.add(spec.overrideVariable() + " (unset)");
        for (String home : spec.homeVariables()) {
            String value = environment.get(home);
            if (value != null && !value.isBlank()) {
                for (String sub : List.of("lib", "lib64")) {
                    Optional<LibraryLocation> found = inDirectory(spec, Path.of(value, sub), "from " + home + "=" + value);
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
                searched.add(home + "=" + value);
            }
        }
        for (String entry : pathList(environment.get("LD_LIBRARY_PATH"))) {
            Optional<LibraryLocation> found = inDirectory(spec, Path.of(entry), "on LD_LIBRARY_PATH");
            if (found.isPresent()) {
                return found.get();
            }
        }
        searched.add("LD_LIBRARY_PATH");
        for (String name : spec.fileNames()) {
            Path cached = ldconfigCache.get().get(name);
            if (cached != null && Files.isRegularFile(cached)) {
                return new LibraryLocation(cached, "from the ldconfig cache");
            }
        }
        searched.add("ldconfig cache");
        for (Path dir : standardDirectories) {
            Optional<LibraryLocation> found = inDirectory(spec, dir, "in standard directory " + dir);
            if (found.isPresent()) {
                return found.get();
            }
        }
        searched.add("standard directories");
        for (Path sitePackages : pythonPackageDirectories) {
            for (Path lib : listDirectories(sitePackages.resolve("nvidia"), "*")) {
                Optional<LibraryLocation> found = inDirectory(spec, lib.resolve("lib"), "in Python package " + lib);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        searched.add("Python site-packages/nvidia/*/lib");
        throw new LibraryNotFoundException(spec, searched);
    }

    private Optional<LibraryLocation> fromExplicit(LibrarySpec spec, Path explicit) {
        String reason = "from " + spec.overrideVariable();
        if (Files.isRegularFile(explicit)) {
            return Optional.of(new LibraryLocation(explicit, reason));
        }
        return inDirectory(spec, explicit, reason);
    }

    private static Optional<LibraryLocation> inDirectory(LibrarySpec spec, Path dir, String reason) {
        if (dir.getFileName() != null && dir.getFileName().toString().equals("stubs")) {
            return Optional.empty(); // link-time stubs fail at run time
        }
        for (String name : spec.fileNames()) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(new LibraryLocation(candidate, reason));
            }
        }
        return Optional.empty();
    }

    static List<String> pathList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Stream.of(value.split(":")).filter(s -> !s.isBlank()).toList();
    }

    private static List<Path> sitePackagesUnder(Path lib) {
        List<Path> result = new ArrayList<>();
        for (Path python : listDirectories(lib, "python3*")) {
            for (String name : List.of("site-packages", "dist-packages")) {
                Path candidate = python.resolve(name);
                if (Files.isDirectory(candidate)) {
                    result.add(candidate);
                }
            }
        }
        return result;
    }

    private static List<Path> listDirectories(Path dir, String glob) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(p -> {
                if (Files.isDirectory(p)) {
                    result.add(p);
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        result.sort(null);
        return result;
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
