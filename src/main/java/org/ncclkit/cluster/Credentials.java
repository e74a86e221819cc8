package org.ncclkit.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a login may use, tried in this order: the private key files (unencrypted ones; the first is normally the
 * cluster key), the keys of the SSH agent at {@code agentSocket}, then the password.
 */
public record Credentials(List<Path> keyFiles, Optional<Path> agentSocket, Optional<Password> password) {
    public Credentials {
        keyFiles = List.copyOf(keyFiles);
    }

    /** One key and nothing else: no agent, no password, as {@code ssh -o IdentitiesOnly=yes -o BatchMode=yes}. */
    public static Credentials keyOnly(Path privateKey) {
        return new Credentials(List.of(privateKey), Optional.empty(), Optional.empty());
    }

    public Credentials withPassword(Password newPassword) {
        return new Credentials(keyFiles, agentSocket, Optional.of(newPassword));
    }
}
