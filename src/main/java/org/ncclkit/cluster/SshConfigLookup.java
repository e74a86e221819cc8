package org.ncclkit.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.jcraft.jsch.ConfigRepository;
import com.jcraft.jsch.OpenSSHConfig;

/**
 * How OpenSSH (and so mpirun's {@code ssh}) reaches a host by name, from an {@code ssh_config} as JSch's own parser
 * reads it: {@code HostName}, {@code User}, {@code Port}, {@code IdentityFile}, {@code UserKnownHostsFile} and
 * {@code StrictHostKeyChecking}. Without a file, a host is reached by its name on port 22 as the given user.
 */
public final class SshConfigLookup {
    private final ConfigRepository config;
    private final Path home;

    private SshConfigLookup(ConfigRepository config, Path home) {
        this.config = config;
        this.home = home;
    }

    /** The file's settings; a file that is missing gives none, one that cannot be read is an {@link IllegalArgumentException}. */
    public static SshConfigLookup read(Path file, Path home) {
        if (!Files.exists(file)) {
            return new SshConfigLookup(ConfigRepository.nullConfig, home);
        }
        try {
            return new SshConfigLookup(OpenSSHConfig.parseFile(file.toString()), home);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the ssh configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** The host as ssh reaches it; the label stays the name given. */
    public SshTarget target(String host, String defaultUser) {
        ConfigRepository.Config entry = config.getConfig(host);
        String hostName = entry.getHostname() != null ? entry.getHostname() : host;
        String user = entry.getUser() != null ? entry.getUser() : defaultUser;
        int port = entry.getPort() > 0 ? entry.getPort() : SshTarget.SSH_PORT;
        return new SshTarget(host, user, hostName, port);
    }

    public List<Path> identityFiles(String host) {
        String[] values = config.getConfig(host).getValues("IdentityFile");
        List<Path> files = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                files.add(expand(value));
            }
        }
        return files;
    }

    public Optional<Path> knownHostsFile(String host) {
        return Optional.ofNullable(config.getConfig(host).getValue("UserKnownHostsFile")).map(value -> expand(value.split("\\s+")[0]));
    }

    /** Whether ssh refuses a host whose key is not recorded yet ({@code StrictHostKeyChecking yes}). */
    public boolean strict(String host) {
        return "yes".equalsIgnoreCase(config.getConfig(host).getValue("StrictHostKeyChecking"));
    }

    private Path expand(String value) {
        return value.startsWith("~/") ? home.resolve(value.substring(2)) : Path.of(value);
    }
}
