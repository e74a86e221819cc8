package org.ncclkit.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ncclkit.ffi.Libc;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.info.Hostname;

/**
 * This process's NCCL log, from before NCCL's first call to the end of the command: sets NCCL's variables as its
 * {@link CapturePlan} says, reads the NCCL lines back, and deletes the file when ncclkit chose it.
 */
public final class NcclLogCapture implements AutoCloseable {
    /** What one process sends to rank 0 at most: its NCCL lines from the start (init, network, channels), in bytes. */
    static final int MAX_BYTES = 1 << 20;

    private final CapturePlan plan;

    NcclLogCapture(CapturePlan plan) {
        this.plan = plan;
    }

    /** Must run before this process's first NCCL call: NCCL reads its variables once, at its first log line. */
    public static NcclLogCapture start() {
        if (Libraries.loaded(LibrarySpec.NCCL)) {
            return new NcclLogCapture(CapturePlan.notCaptured("NCCL was started in this process before its log could be captured"));
        }
        try {
            CapturePlan plan = CapturePlan.decide(Libc::getenv, NcclLogCapture::privateFile, Hostname.get(), ProcessHandle.current().pid());
            plan.settings().forEach(Libc::setenv);
            return new NcclLogCapture(plan);
        } catch (UncheckedIOException e) {
            return new NcclLogCapture(CapturePlan.notCaptured(e.getMessage()));
        }
    }

    /** A capture that captures nothing, for commands run with the check turned off. */
    public static NcclLogCapture none() {
        return new NcclLogCapture(CapturePlan.notCaptured(null));
    }

    /** Why the log is not captured, or null when it is (or the check is off). */
    public String skipped() {
        return plan.skipped();
    }

    /** The NCCL lines written so far (none when NCCL never logged), at most {@link #MAX_BYTES}; empty when not captured. */
    public Optional<List<String>> ncclLines() {
        if (!plan.captured()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(plan.file()), decoder))) {
            long bytes = 0;
            for (String line = reader.readLine(); line != null && bytes < MAX_BYTES; line = reader.readLine()) {
                if (NcclLine.parse(line) != null) {
                    lines.add(line);
                    bytes += line.length() + 1;
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.of(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NCCL's log " + plan.file() + ": " + e.getMessage(), e);
        }
        return Optional.of(lines);
    }

    /** Deletes the file and its directory when ncclkit chose them; the user's own file stays. Safe to call twice. */
    @Override
    public void close() {
        if (!plan.owned()) {
            return;
        }
        try {
            Files.deleteIfExists(plan.file());
            Files.deleteIfExists(plan.file().getParent());
        } catch (IOException e) {
            // a temporary file left behind is not worth failing the command for
        }
    }

    private static Path privateFile() {
        try {
            Path directory = Files.createTempDirectory("ncclkit-nccl-");
            Path file = directory.resolve("nccl.log");
            // for a run stopped by a signal (-N 0 runs until stopped): the file goes first, then its directory
            directory.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for NCCL's log: " + e.getMessage(), e);
        }
    }
}
