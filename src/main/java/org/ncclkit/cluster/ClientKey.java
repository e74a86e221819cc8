package org.ncclkit.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;

/**
 * The leader's cluster key: a private key without a passphrase (mpirun's ssh has nobody to ask) in OpenSSH format,
 * mode 600, and its {@code .pub} beside it. An existing key is used as it is and never overwritten; only a private key
 * that others could read is narrowed to 600, as ssh would otherwise refuse it.
 */
public record ClientKey(Path privateKey, Path publicKey, String publicKeyLine, String type, String fingerprint,
                        boolean created, Optional<String> permissionFix) {

    /** Reads the key at {@code privateKey}, or creates one of the given type there when there is none. */
    public static ClientKey loadOrCreate(Path privateKey, KeyType type, String comment) throws IOException {
        Path publicKey = privateKey.resolveSibling(privateKey.getFileName() + ".pub");
        if (Files.exists(privateKey)) {
            return load(privateKey, publicKey, comment);
        }
        JSch jsch = new JSch();
        KeyPair pair;
        try {
            pair = KeyPair.genKeyPair(jsch, type.jschType, type.bits);
        } catch (JSchException e) {
            throw new IOException("cannot generate a " + type.describe() + " key: " + e.getMessage(), e);
        }
        try {
            ByteArrayOutputStream privateText = new ByteArrayOutputStream();
            pair.writeOpenSSHv1PrivateKey(privateText, null);
            String line = publicKeyLine(pair, comment);
            try {
                PrivateFiles.createNew(privateKey, privateText.toByteArray(), PrivateFiles.OWNER_ONLY);
            } catch (FileAlreadyExistsException raced) {
                return load(privateKey, publicKey, comment); // another ssh-setup made one meanwhile: use that one
            }
            PrivateFiles.write(publicKey, (line + "\n").getBytes(StandardCharsets.UTF_8), PrivateFiles.PUBLIC_READ);
            return new ClientKey(privateKey, publicKey, line, pair.getKeyTypeString(), fingerprint(pair), true,
                    Optional.empty());
        } catch (JSchException e) {
            throw new IOException("cannot write the " + type.describe() + " key: " + e.getMessage(), e);
        } finally {
            pair.dispose();
        }
    }

    private static ClientKey load(Path privateKey, Path publicKey, String comment) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPair.load(new JSch(), privateKey.toString(), null);
        } catch (JSchException e) {
            throw new IOException(privateKey + " exists but is not a private key ssh-setup can read: " + e.getMessage()
                    + "; pass --key with another path", e);
        }
        try {
            if (pair.isEncrypted()) {
                throw new IOException(privateKey + " has a passphrase; mpirun's ssh logins need a key without one: "
                        + "pass --key with another path and ssh-setup makes one there");
            }
            Optional<String> fix = Optional.empty();
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(privateKey);
            if (!PrivateFiles.OWNER_ONLY.containsAll(mode)) {
                Files.setPosixFilePermissions(privateKey, PrivateFiles.OWNER_ONLY);
                fix = Optional.of("set " + privateKey + " to 600 (was " + Modes.octal(mode) + ")");
            }
            String line = existingPublicLine(publicKey, pair).orElse(publicKeyLine(pair, comment));
            if (!Files.exists(publicKey)) {
                PrivateFiles.write(publicKey, (line + "\n").getBytes(StandardCharsets.UTF_8), PrivateFiles.PUBLIC_READ);
            }
            return new ClientKey(privateKey, publicKey, line, pair.getKeyTypeString(), fingerprint(pair), false, fix);
        } finally {
            pair.dispose();
        }
    }

    /** The .pub file's line when it is the public half of this private key (its comment kept), else nothing. */
    private static Optional<String> existingPublicLine(Path publicKey, KeyPair pair) throws IOException {
        if (!Files.isRegularFile(publicKey)) {
            return Optional.empty();
        }
        String line = Files.readString(publicKey, StandardCharsets.UTF_8).strip();
        String[] words = line.split("\\s+", 3);
        String blob = java.util.Base64.getEncoder().encodeToString(pair.getPublicKeyBlob());
        return words.length >= 2 && words[1].equals(blob) ? Optional.of(line) : Optional.empty();
    }

    private static String publicKeyLine(KeyPair pair, String comment) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        pair.writePublicKey(text, comment);
        return text.toString(StandardCharsets.UTF_8).strip();
    }

    private static String fingerprint(KeyPair pair) {
        return KnownHostsFile.fingerprint(pair.getPublicKeyBlob());
    }

    /** The base64 key itself, the second word of the public key line: what identifies it in authorized_keys. */
    public String keyBlob() {
        return publicKeyLine.split("\\s+")[1];
    }
}
