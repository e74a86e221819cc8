package org.ncclkit.ffi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The dynamic linker's cache as {@code ldconfig -p} prints it: file name to the first 64-bit path. */
public final class LdconfigCache {
    private static final Pattern ENTRY = Pattern.compile("^\\s*(\\S+)\\s+\\(([^)]*)\\)\\s+=>\\s+(\\S+)\\s*$");
    private static final List<String> LDCONFIG_PATHS = List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "/sbin/ldconfig.real");

    private LdconfigCache() {
    }

    /** Parses {@code ldconfig -p} output, keeping 64-bit x86 entries and the first path for each name. */
    public static Map<String, Path> parse(String ldconfigOutput) {
        Map<String, Path> entries = new LinkedHashMap<>();
        for (String line : ldconfigOutput.split("\n")) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches() && m.group(2).contains("x86-64")) {
                entries.putIfAbsent(m.group(1), Path.of(m.group(3)));
            }
        }
        return entries;
    }

    /** Reads this machine's cache; empty when no {@code ldconfig} is installed or it fails. */
    public static Map<String, Path> read() {
        for (String candidate : LDCONFIG_PATHS) {
            if (!Files.isExecutable(Path.of(candidate))) {
                continue;
            }
            try {
                Process process = new ProcessBuilder(candidate, "-p").redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return parse(output);
                }
            } catch (IOException e) {
                return Map.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Map.of();
            }
        }
        return Map.of();
    }
}
