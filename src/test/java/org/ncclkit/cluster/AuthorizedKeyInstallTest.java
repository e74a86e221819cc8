package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The member-side script that installs the key, run here by the real /bin/sh with HOME pointing at a temporary
 * folder, exactly as a member's sh runs it after {@code /bin/sh -s}.
 */
class AuthorizedKeyInstallTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINeE4WpagFv674qog8GO6179S2jBSWkLn+yUrFbZLSmS root@leader";
    private static final String BLOB = "AAAAC3NzaC1lZDI1NTE5AAAAINeE4WpagFv674qog8GO6179S2jBSWkLn+yUrFbZLSmS";

    @TempDir
    Path home;

    private AuthorizedKeyInstall.Result install(String keyLine) {
        CommandOutput run = LocalShell.capture(AuthorizedKeyInstall.script(keyLine),
                Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin"), Duration.ofSeconds(20));
        return AuthorizedKeyInstall.parse(run);
    }

    private Path keys() {
        return home.resolve(".ssh/authorized_keys");
    }

    private String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aFreshHomeGetsSshFolder700AndTheKeyInAFile600() throws IOException {
        AuthorizedKeyInstall.Result result = install(KEY);

        assertThat(result.added()).isTrue();
        assertThat(result.fixes()).isEmpty();
        assertThat(Files.readString(keys())).isEqualTo(KEY + "\n");
        assertThat(mode(home.resolve(".ssh"))).isEqualTo("rwx------");
        assertThat(mode(keys())).isEqualTo("rw-------");
    }

    @Test
    void theKeyIsAddedOnceHoweverOftenTheScriptRuns() throws IOException {
        install(KEY);

        AuthorizedKeyInstall.Result again = install(KEY);

        assertThat(again.added()).isFalse();
        assertThat(again.fixes()).isEmpty();
        assertThat(Files.readString(keys())).isEqualTo(KEY + "\n");
    }

    @Test
    void theKeyCountsAsPresentWithOptionsOrAnotherCommentButNotInACommentLine() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(keys(), "# old: ssh-ed25519 " + BLOB + "\n");

        assertThat(install(KEY).added()).as("a commented-out key is not a key").isTrue();

        Files.writeString(keys(), "from=\"10.0.0.0/8\",no-pty ssh-ed25519 " + BLOB + " renamed\n");
        assertThat(install(KEY).added()).as("the same key with options and another comment").isFalse();
    }

    @Test
    void otherLinesAreKeptAndAMissingLastNewlineIsAddedFirst() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(keys(), "ssh-rsa AAAAB3Nza other@host");

        install(KEY);

        assertThat(Files.readString(keys())).isEqualTo("ssh-rsa AAAAB3Nza other@host\n" + KEY + "\n");
    }

    @Test
    void permissionsThatMakeSshdIgnoreTheKeysAreRepairedAndReported() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(keys(), "");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rw-rw-r--"));

        AuthorizedKeyInstall.Result result = install(KEY);

        assertThat(result.fixes()).containsExactly("fixed ~ 777->755", "fixed ~/.ssh 775->700",
                "fixed ~/.ssh/authorized_keys 664->600");
        assertThat(mode(home)).isEqualTo("rwxr-xr-x");
    }

    @Test
    void readableButNotWritableModesAreLeftAsTheUserChoseThem() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(keys(), "");
        Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(keys(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(install(KEY).fixes()).isEmpty();
        assertThat(mode(keys())).isEqualTo("rw-r--r--");
    }

    @Test
    void aCommentThatCouldBreakTheScriptIsLeftOut() throws IOException {
        install("ssh-ed25519 " + BLOB + " it's $(rm -rf ~)");

        assertThat(Files.readString(keys())).isEqualTo("ssh-ed25519 " + BLOB + "\n");
        assertThat(home).exists();
    }

    @Test
    void anSshPathThatIsAFileIsAnErrorSayingSo() throws IOException {
        Files.writeString(home.resolve(".ssh"), "not a folder");

        assertThatThrownBy(() -> install(KEY)).isInstanceOf(SshFailure.class)
                .hasMessage("could not add the key to ~/.ssh/authorized_keys (exit 3: ~/.ssh is not a directory)");
    }
}
