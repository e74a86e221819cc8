package org.ncclkit.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ncclkit's block in the leader's {@code ~/.ssh/config}, between a BEGIN and an END line: replaced in place on every
 * run (never a second copy), appended at the end the first time, and nothing outside it touched. The file is written
 * atomically with mode 600 (as the seed's {@code chmod 600 ~/.ssh/config}).
 *
 * <p>By default the block names the cluster's hosts: the cluster key, keep-alives ({@link KeepAlive}: so that the ssh
 * that mpirun starts notices a lost node), {@code StrictHostKeyChecking accept-new}, and a host's user and port where
 * {@code --hosts} gave them. With the seed's insecure settings it holds the seed's lines
 * exactly ({@code Host *} with {@code ForwardAgent yes}, {@code Host *} with {@code StrictHostKeyChecking no}).
 */
public final class SshConfigBlock {
    public static final String BEGIN = "# BEGIN ncclkit ssh-setup: the cluster's hosts (rewritten by each run; edit outside this block)";
    public static final String END = "# END ncclkit ssh-setup";

    private SshConfigBlock() {
    }

    /**
     * The block's lines, BEGIN and END included. A host gets a {@code User} line where its user is not the local one
     * (ssh's default) and a {@code Port} line where its port is not 22.
     */
    public static List<String> render(List<SshTarget> targets, String localUser, Path privateKey, Path knownHosts,
                                      boolean defaultKnownHosts, boolean insecure) {
        List<String> lines = new ArrayList<>();
        lines.add(BEGIN);
        if (insecure) {
            lines.add("Host *");
            lines.add("    ForwardAgent yes");
            lines.add("Host *");
            lines.add("    StrictHostKeyChecking no");
        }
        // ssh keeps the first value it reads for an option, so the per-host user and port come before the shared lines
        Map<String, Set<String>> usersByHost = new LinkedHashMap<>();
        Map<String, Set<Integer>> portsByHost = new LinkedHashMap<>();
        for (SshTarget target : targets) {
            usersByHost.computeIfAbsent(target.host(), host -> new LinkedHashSet<>()).add(target.user());
            portsByHost.computeIfAbsent(target.host(), host -> new LinkedHashSet<>()).add(target.port());
        }
        for (String host : usersByHost.keySet()) {
            List<String> settings = new ArrayList<>();
            Set<String> users = usersByHost.get(host);
            Set<Integer> ports = portsByHost.get(host);
            if (users.size() == 1 && !users.iterator().next().equals(localUser)) {
                settings.add("    User " + users.iterator().next());
            }
            if (ports.size() == 1 && ports.iterator().next() != SshTarget.SSH_PORT) {
                settings.add("    Port " + ports.iterator().next());
            }
            if (users.size() > 1) {
                lines.add("# " + host + " is listed with several users (" + String.join(", ", users) + "): give ssh -l");
            }
            if (ports.size() > 1) {
                lines.add("# " + host + " is listed with several ports (" + ports.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", ")) + "): give ssh -p");
            }
            if (!settings.isEmpty()) {
                lines.add("Host " + host);
                lines.addAll(settings);
            }
        }
        lines.add("Host " + String.join(" ", usersByHost.keySet()));
        lines.add("    IdentityFile " + privateKey.toAbsolutePath());
        lines.add("    ServerAliveInterval " + KeepAlive.INTERVAL.toSeconds());
        lines.add("    ServerAliveCountMax " + KeepAlive.COUNT_MAX);
        if (!insecure) {
            lines.add("    StrictHostKeyChecking accept-new");
        }
        if (!defaultKnownHosts) {
            lines.add("    UserKnownHostsFile " + knownHosts.toAbsolutePath());
        }
        lines.add(END);
        return lines;
    }

    /** The file's text with the block in place of the old one, or after the rest when there was none. */
    public static String replace(String text, List<String> block) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int begin = indexOf(lines, BEGIN, 0);
        if (begin < 0) {
            if (!lines.isEmpty() && !lines.getLast().isBlank()) {
                lines.add("");
            }
            lines.addAll(block);
            return String.join("\n", lines) + "\n";
        }
        int end = indexOf(lines, END, begin + 1);
        if (end < 0) {
            throw new IllegalArgumentException("it has ncclkit's BEGIN line (line " + (begin + 1)
                    + ") but no END line after it; remove the block or add '" + END + "' by hand");
        }
        List<String> result = new ArrayList<>(lines.subList(0, begin));
        result.addAll(block);
        List<String> after = new ArrayList<>(lines.subList(end + 1, lines.size()));
        // an older second copy (from an edit by hand) goes too, so the file holds one block
        for (int again = indexOf(after, BEGIN, 0); again >= 0; again = indexOf(after, BEGIN, 0)) {
            int againEnd = indexOf(after, END, again + 1);
            if (againEnd < 0) {
                break;
            }
            after.subList(again, againEnd + 1).clear();
        }
        result.addAll(after);
        return String.join("\n", result) + "\n";
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the block into the config file (created if missing), atomically, mode 600; a symbolic link is followed. */
    public static void write(Path config, List<String> block) throws IOException {
        if (Files.isSymbolicLink(config)) {
            config = config.toRealPath();
        }
        String text = Files.exists(config) ? Files.readString(config, StandardCharsets.UTF_8) : "";
        String updated;
        try {
            updated = replace(text, block);
        } catch (IllegalArgumentException e) {
            throw new IOException(config + ": " + e.getMessage(), e);
        }
        PrivateFiles.write(config, updated.getBytes(StandardCharsets.UTF_8), PrivateFiles.OWNER_ONLY);
    }
}
