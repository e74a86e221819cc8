package org.ncclkit.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.ncclkit.files.FileProblem;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

/**
 * The user's {@code known_hosts} as JSch's host-key check sees it. JSch's own parser matches the entries (hashed
 * names, {@code [host]:port}, markers); a key seen for the first time is appended as one plain line and the rest of
 * the file is never rewritten. With {@link Policy#ACCEPT_NEW} a new key is recorded and a changed one refused, as
 * OpenSSH's {@code StrictHostKeyChecking accept-new}; {@link Policy#ACCEPT_ANY} also lets a changed key through, as
 * {@code StrictHostKeyChecking no}. What each host presented is kept for the report ({@link #seen}).
 */
public final class KnownHostsFile implements HostKeyRepository {
    public enum Policy { ACCEPT_NEW, ACCEPT_ANY }

    public enum Status { KNOWN, NEW, CHANGED }

    /** A host's key as presented at connection time, and how it compared with known_hosts. */
    public record Seen(Status status, String type, String fingerprint) {
    }

    private final Path file;
    private final Policy policy;
    private final HostKeyRepository entries;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    private KnownHostsFile(Path file, Policy policy, HostKeyRepository entries) {
        this.file = file;
        this.policy = policy;
        this.entries = entries;
    }

    public static KnownHostsFile load(Path file, Policy policy) {
        JSch parser = new JSch();
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("cannot read " + file + ": it is not a regular file");
            }
            byte[] text = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            parser.setKnownHosts(new ByteArrayInputStream(text)); // from a stream, so JSch never writes the file itself
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileProblem.describe(file, e), e);
        } catch (JSchException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new KnownHostsFile(file, policy, parser.getHostKeyRepository());
    }

    public Path file() {
        return file;
    }

    public Policy policy() {
        return policy;
    }

    /** What the host presented through this file: NEW if its key was first recorded now, else as at the last connection. */
    public Optional<Seen> seen(SshTarget target) {
        return Optional.ofNullable(seen.get(target.knownHostsName()));
    }

    @Override
    public synchronized int check(String host, byte[] key) {
        int result = entries.check(host, key);
        Status status = switch (result) {
            case OK -> Status.KNOWN;
            case CHANGED -> Status.CHANGED;
            default -> Status.NEW;
        };
        // a key recorded at this run's first contact stays "new" when a later connection finds it known
        seen.merge(host, new Seen(status, keyType(key), fingerprint(key)),
                (before, now) -> before.status() == Status.NEW && now.status() == Status.KNOWN ? before : now);
        if (status == Status.NEW && policy == Policy.ACCEPT_NEW) {
            try {
                add(new HostKey(host, key), null);
            } catch (JSchException e) {
                return NOT_INCLUDED; // a key type JSch cannot store: it refuses the host as unknown
            }
            return OK;
        }
        return result;
    }

    @Override
    public synchronized void add(HostKey hostKey, UserInfo ui) {
        String line = hostKey.getHost() + " " + hostKey.getType() + " " + hostKey.getKey() + "\n";
        try {
            boolean endsInNewline = !Files.exists(file) || Files.size(file) == 0 || lastByte(file) == '\n';
            if (!Files.exists(file)) {
                PrivateFiles.createEmpty(file);
            }
            Files.writeString(file, (endsInNewline ? "" : "\n") + line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the host key of " + hostKey.getHost() + " in " + file + ": "
                    + e.getMessage(), e);
        }
        entries.add(hostKey, ui);
    }

    private static int lastByte(Path file) throws IOException {
        try (var channel = Files.newByteChannel(file)) {
            channel.position(channel.size() - 1);
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one);
            return one.get(0);
        }
    }

    @Override
    public synchronized void remove(String host, String type) {
        entries.remove(host, type);
    }

    @Override
    public synchronized void remove(String host, String type, byte[] key) {
        entries.remove(host, type, key);
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public synchronized HostKey[] getHostKey() {
        return entries.getHostKey();
    }

    @Override
    public synchronized HostKey[] getHostKey(String host, String type) {
        return entries.getHostKey(host, type);
    }

    /** The key's algorithm name, the first string of its SSH wire encoding. */
    static String keyType(byte[] blob) {
        if (blob.length < 4) {
            return "unknown";
        }
        int length = ByteBuffer.wrap(blob).getInt();
        return length > 0 && length <= blob.length - 4 ? new String(blob, 4, length, StandardCharsets.US_ASCII) : "unknown";
    }

    /** As {@code ssh-keygen -l} shows it: {@code SHA256:} and the unpadded base64 digest of the key. */
    static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
