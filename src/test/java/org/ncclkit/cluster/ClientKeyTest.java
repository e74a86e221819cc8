package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.testing.Commands;

/** The leader's key, made by JSch and checked by OpenSSH's ssh-keygen; existing keys are never replaced. */
class ClientKeyTest {
    @TempDir
    Path dir;

    @Test
    void aNewEd25519KeyIsOpenSshFormatWithoutPassphraseAndItsPubMatches() throws IOException {
        Path key = dir.resolve("id_ed25519");

        ClientKey made = ClientKey.loadOrCreate(key, KeyType.ED25519, "me@leader");

        assertThat(made.created()).isTrue();
        assertThat(Files.readString(key)).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.publicKey()))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(made.publicKey())).isEqualTo(made.publicKeyLine() + "\n").endsWith(" me@leader\n");
        // -P '' fails on a key that has a passphrase, so this also proves there is none
        assertThat(Commands.run("ssh-keygen", "-y", "-P", "", "-f", key.toString())).startsWith("ssh-ed25519 " + made.keyBlob());
        assertThat(Commands.run("ssh-keygen", "-l", "-f", key.toString())).contains(made.fingerprint());
    }

    @Test
    void aMissingPubIsWrittenFromThePrivateKeyAndTheKeyItselfLeftAlone() throws IOException {
        Path key = dir.resolve("id_ed25519");
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        String expected = Commands.run("ssh-keygen", "-y", "-f", key.toString()).split(" ")[1].strip();
        Files.delete(dir.resolve("id_ed25519.pub"));
        byte[] before = Files.readAllBytes(key);

        ClientKey loaded = ClientKey.loadOrCreate(key, KeyType.ED25519, "me@leader");

        assertThat(loaded.created()).isFalse();
        assertThat(loaded.keyBlob()).isEqualTo(expected);
        assertThat(Files.readString(dir.resolve("id_ed25519.pub"))).isEqualTo(loaded.publicKeyLine() + "\n");
        assertThat(Files.readAllBytes(key)).isEqualTo(before);
    }

    @Test
    void somethingThatIsNotAKeyIsRefusedAndKept() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519"), "my notes\n");

        assertThatThrownBy(() -> ClientKey.loadOrCreate(key, KeyType.ED25519, "me@leader"))
                .hasMessageContaining("exists but is not a private key ssh-setup can read");
        assertThat(Files.readString(key)).isEqualTo("my notes\n");
    }

    @Test
    void creatingNeverReplacesAFileThatAppearedMeanwhile() throws IOException {
        Path target = Files.writeString(dir.resolve("id_ed25519"), "someone else's");

        assertThatThrownBy(() -> PrivateFiles.createNew(target, "mine".getBytes(), PrivateFiles.OWNER_ONLY))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("someone else's");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }
}
