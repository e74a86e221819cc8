package org.ncclkit.logs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where this process's NCCL log can be read, decided from the variables NCCL reads at its first call
 * ({@code debug.cc}): with NCCL_DEBUG unset, ncclkit sets NCCL_DEBUG=INFO and NCCL_DEBUG_FILE to a private file; with
 * NCCL_DEBUG=INFO or TRACE and NCCL_DEBUG_FILE, it reads the user's file; with any other NCCL_DEBUG it leaves NCCL's
 * log where the user sent it. NCCL's default NCCL_DEBUG_SUBSYS (INIT, BOOTSTRAP, ENV) already holds every line the
 * verdict reads: NCCL logs its network, plugin and channel lines under INIT as well as NET.
 *
 * @param settings variables to set before NCCL starts; empty when the user's own are kept
 * @param file     the file NCCL will write, or null when the log is not captured
 * @param owned    whether ncclkit chose the file, and so deletes it after reading
 * @param skipped  why the log is not captured, or null when it is
 */
public record CapturePlan(Map<String, String> settings, Path file, boolean owned, String skipped) {

    /**
     * @param env         a variable's value as NCCL would read it
     * @param privateFile makes a file only this user can read, called only when the log goes there
     * @param hostname    this host, as NCCL names it in NCCL_DEBUG_FILE's {@code %h}
     */
    public static CapturePlan decide(Function<String, Optional<String>> env, Supplier<Path> privateFile, String hostname, long pid) {
        Optional<String> level = env.apply("NCCL_DEBUG").map(String::strip).filter(v -> !v.isEmpty());
        if (level.isEmpty()) {
            Path file = privateFile.get();
            return new CapturePlan(Map.of("NCCL_DEBUG", "INFO", "NCCL_DEBUG_FILE", file.toString()), file, true, null);
        }
        String setting = "NCCL_DEBUG=" + level.get();
        if (!level.get().toUpperCase(Locale.ROOT).matches("INFO|TRACE")) {
            return notCaptured(setting + " leaves out the INFO lines that say which network NCCL used");
        }
        Optional<String> file = env.apply("NCCL_DEBUG_FILE").filter(v -> !v.isBlank());
        if (file.isEmpty()) {
            return notCaptured(setting + " without NCCL_DEBUG_FILE sends NCCL's log to standard output, where 'ncclkit logs verify -' can read it");
        }
        return new CapturePlan(Map.of(), Path.of(expand(file.get(), hostname, pid)), false, null);
    }

    /** No capture, for the reason given (null when the check is off: nothing to say). */
    public static CapturePlan notCaptured(String reason) {
        return new CapturePlan(Map.of(), null, false, reason);
    }

    public boolean captured() {
        return file != null;
    }

    /** NCCL_DEBUG_FILE as NCCL expands it: {@code %h} the host name up to its first dot, {@code %p} the pid, {@code %%} a percent sign. */
    static String expand(String pattern, String hostname, long pid) {
        String host = hostname.split("\\.", 2)[0].replace('%', '-').replace('/', '-');
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            char next = pattern.charAt(++i);
            switch (next) {
                case '%' -> out.append('%');
                case 'h' -> out.append(host);
                case 'p' -> out.append(pid);
                default -> out.append('%').append(next);
            }
        }
        return out.toString();
    }
}
