package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.testing.Commands;

import com.jcraft.jsch.HostKeyRepository;

/** known_hosts as the host-key check sees it, with keys made by ssh-keygen and a file hashed by ssh-keygen -H. */
class KnownHostsFileTest {
    @TempDir
    Path dir;

    private byte[] hostKey(String name) throws IOException {
        Path key = dir.resolve(name);
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        return Base64.getDecoder().decode(Files.readString(dir.resolve(name + ".pub")).split(" ")[1]);
    }

    private static SshTarget target(String host, int port) {
        return new SshTarget(host, "me", host, port);
    }

    @Test
    void aNewKeyIsAppendedAsOnePlainLineAndThenKnown() throws IOException {
        Path file = Files.writeString(dir.resolve("known_hosts"), "# my hosts\nbastion ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo7dGi7FyMRNVOVnQmYEf5pSjFl0mRu1LFZZQOB3PsA");
        byte[] key = hostKey("node1");
        KnownHostsFile knownHosts = KnownHostsFile.load(file, KnownHostsFile.Policy.ACCEPT_NEW);

        assertThat(knownHosts.check("[node1]:2222", key)).isEqualTo(HostKeyRepository.OK);
        assertThat(knownHosts.seen(target("node1", 2222)).orElseThrow().status()).isEqualTo(KnownHostsFile.Status.NEW);
        String encoded = Base64.getEncoder().encodeToString(key);
        assertThat(Files.readString(file)).isEqualTo("# my hosts\nbastion ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBo7dGi7FyMRNVOVnQmYEf5pSjFl0mRu1LFZZQOB3PsA\n"
                + "[node1]:2222 ssh-ed25519 " + encoded + "\n");

        KnownHostsFile reread = KnownHostsFile.load(file, KnownHostsFile.Policy.ACCEPT_NEW);
        assertThat(reread.check("[node1]:2222", key)).isEqualTo(HostKeyRepository.OK);
        assertThat(reread.seen(target("node1", 2222)).orElseThrow().status()).isEqualTo(KnownHostsFile.Status.KNOWN);
        assertThat(Files.readString(file).lines()).hasSize(3);
    }

    @Test
    void aChangedKeyIsReportedAndNotRecordedWithTheFingerprintSshKeygenShows() throws IOException {
        Path file = dir.resolve("known_hosts");
        KnownHostsFile.load(file, KnownHostsFile.Policy.ACCEPT_NEW).check("node1", hostKey("old"));
        String before = Files.readString(file);
        byte[] newKey = hostKey("new");
        KnownHostsFile knownHosts = KnownHostsFile.load(file, KnownHostsFile.Policy.ACCEPT_NEW);

        assertThat(knownHosts.check("node1", newKey)).isEqualTo(HostKeyRepository.CHANGED);

        KnownHostsFile.Seen seen = knownHosts.seen(target("node1", 22)).orElseThrow();
        assertThat(seen.status()).isEqualTo(KnownHostsFile.Status.CHANGED);
        assertThat(seen.type()).isEqualTo("ssh-ed25519");
        assertThat(Commands.run("ssh-keygen", "-l", "-f", dir.resolve("new.pub").toString())).contains(seen.fingerprint());
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void entriesHashedByOpenSshAreRecognised() throws IOException {
        Path file = dir.resolve("known_hosts");
        byte[] key = hostKey("node1");
        Files.writeString(file, "[node1]:2222 ssh-ed25519 " + Base64.getEncoder().encodeToString(key) + "\n");
        Commands.run("ssh-keygen", "-q", "-H", "-f", file.toString());
        assertThat(Files.readString(file)).startsWith("|1|");

        KnownHostsFile knownHosts = KnownHostsFile.load(file, KnownHostsFile.Policy.ACCEPT_NEW);

        assertThat(knownHosts.check("[node1]:2222", key)).isEqualTo(HostKeyRepository.OK);
        assertThat(knownHosts.check("[node1]:2222", hostKey("other"))).isEqualTo(HostKeyRepository.CHANGED);
    }

    @Test
    void acceptAnyLeavesRecordingToJschAndLetsAChangedKeyThroughTheCheck() throws IOException {
        Path file = dir.resolve("known_hosts");
        KnownHostsFile knownHosts = KnownHostsFile.load(file, KnownHostsFile.Policy.ACCEPT_ANY);

        assertThat(knownHosts.check("node1", hostKey("node1"))).as("JSch adds it when StrictHostKeyChecking is no")
                .isEqualTo(HostKeyRepository.NOT_INCLUDED);
        assertThat(knownHosts.seen(target("node1", 22)).orElseThrow().status()).isEqualTo(KnownHostsFile.Status.NEW);
    }

    @Test
    void aFileCreatedForTheFirstKeyIsReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("known_hosts");

        KnownHostsFile.load(file, KnownHostsFile.Policy.ACCEPT_NEW).check("node1", hostKey("node1"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
