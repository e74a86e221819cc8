package org.ncclkit.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a login may use, tried in this order: the private key files (unencrypted ones; the first is normally the
 * cluster key), the keys of the SSH agent at {@code agentSocket}, then the password.
 */
public record Credentials(List<Path> keyFiles, Optional<Path> agentSocket, Optional<Password> password) {
    public Credentials {
        keyFiles = List.copyOf(keyFiles);
    }

    /**
     * What ssh itself would offer: the keys given first, then the folder's default keys (the ed25519 one even before
     * it exists, as ssh-setup makes it), the agent at SSH_AUTH_SOCK when it exists, and the password if any.
     */
    public static Credentials of(List<Path> firstKeys, SshDirectory directory, Map<String, String> environment,
                                 Optional<Password> password) {
        List<Path> keys = new ArrayList<>(firstKeys);
        keys.add(directory.defaultKey(KeyType.ED25519));
        keys.addAll(directory.existingDefaultKeys());
        Optional<Path> agent = Optional.ofNullable(environment.get("SSH_AUTH_SOCK")).filter(socket -> !socket.isBlank())
                .map(Path::of).filter(Files::exists);
        return new Credentials(keys.stream().distinct().toList(), agent, password);
    }

    /** One key and nothing else: no agent, no password, as {@code ssh -o IdentitiesOnly=yes -o BatchMode=yes}. */
    public static Credentials keyOnly(Path privateKey) {
        return new Credentials(List.of(privateKey), Optional.empty(), Optional.empty());
    }

    public Credentials withPassword(Password newPassword) {
        return new Credentials(keyFiles, agentSocket, Optional.of(newPassword));
    }
}
