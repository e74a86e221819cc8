package org.ncclkit.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The running bundle (its folder, {@code NCCLKIT_HOME}) packed once into a temporary {@code .tar.gz} for every node:
 * what runs here is what runs there. Packed by the system's {@code tar} with fast compression; removed by {@link #close}.
 */
public final class BundleArchive implements AutoCloseable {
    private static final Duration PACK_LIMIT = Duration.ofMinutes(5);

    private final Path bundle;
    private final Path file;

    private BundleArchive(Path bundle, Path file) {
        this.bundle = bundle;
        this.file = file;
    }

    /** Packs {@code bundle} (a folder with bin/ncclkit); an {@link UncheckedIOException} says why it could not be. */
    public static BundleArchive pack(Path bundle) {
        Path folder = bundle.toAbsolutePath().normalize();
        Path file;
        try {
            file = Files.createTempFile("ncclkit-deploy-", ".tar.gz");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary file for the bundle's archive: " + e.getMessage(), e);
        }
        try {
            Path log = Files.createTempFile("ncclkit-deploy-", ".log");
            try {
                Process tar = new ProcessBuilder(List.of("tar", "-C", folder.getParent().toString(), "-I", "gzip -1", "-cf",
                        file.toString(), folder.getFileName().toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!tar.waitFor(PACK_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    tar.destroyForcibly().waitFor();
                    throw new IOException("tar took longer than " + PACK_LIMIT.toMinutes() + " minutes");
                }
                if (tar.exitValue() != 0) {
                    throw new IOException("tar ended with exit " + tar.exitValue() + ": "
                            + Files.readString(log, StandardCharsets.UTF_8).strip());
                }
            } finally {
                Files.deleteIfExists(log);
            }
            return new BundleArchive(folder, file);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot pack the bundle " + folder + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(file);
            throw new UncheckedIOException(new IOException("interrupted while packing " + folder));
        }
    }

    /** The bundle folder, whose path the nodes get too. */
    public Path bundle() {
        return bundle;
    }

    public Path file() {
        return file;
    }

    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        deleteQuietly(file);
    }

    /** The archive of a bundle, packed at the first call (by whichever node needs it first) and only then. */
    public static final class OnDemand implements Supplier<BundleArchive>, AutoCloseable {
        private final Path bundle;
        private BundleArchive archive;
        private RuntimeException failure;

        public OnDemand(Path bundle) {
            this.bundle = bundle;
        }

        @Override
        public synchronized BundleArchive get() {
            if (archive == null && failure == null) {
                try {
                    archive = pack(bundle);
                } catch (RuntimeException e) {
                    failure = e; // every node would fail the same way: pack once
                }
            }
            if (failure != null) {
                throw failure;
            }
            return archive;
        }

        @Override
        public synchronized void close() {
            if (archive != null) {
                archive.close();
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a file left in the temporary folder is harmless
        }
    }
}
