package org.ncclkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.ncclkit.launch.FreePort;

/**
 * Real OpenSSH servers on 127.0.0.1 standing for the members of a cluster: one {@code sshd -D} per node, each on its
 * own port with its own host key and its own "home" (sshd's {@code SetEnv HOME=} and {@code AuthorizedKeysFile}
 * point into it), all logging in the test user {@value #USER}. That user is created once per machine (we are root)
 * with a random password kept in a root-only file; password logins are on unless a node says otherwise, and
 * {@code StrictModes yes} makes sshd ignore keys in files others may write, as on a real member.
 *
 * <p>Everything lives under {@code /home/ncclkit-test/runs/<random>} (StrictModes refuses paths through a world-writable
 * folder such as /tmp) and is deleted by {@link #close}, which also stops every sshd and the sessions it started.
 */
public final class LoopbackSshd implements AutoCloseable {
    public static final String USER = "ncclkit-test";
    static final Path USER_HOME = Path.of("/home", USER);
    private static final Path PASSWORD_FILE = USER_HOME.resolve(".ncclkit-test-password");
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path root;
    private final List<Node> nodes = new ArrayList<>();
    private final String password;

    private LoopbackSshd(Path root, String password) {
        this.root = root;
        this.password = password;
    }

    /** Skips the calling test (with the reason) where sshd cannot be run: not root, or openssh-server missing. */
    public static LoopbackSshd start() {
        boolean root = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(root && Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "SSH test skipped: needs root and openssh-server/openssh-client (.ci/run installs them)");
        String password = ensureUser();
        try {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation folder
            Path runs = USER_HOME.resolve("runs");
            Files.createDirectories(runs);
            Path run = Files.createTempDirectory(runs, "run-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            return new LoopbackSshd(run, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test user's password, for the first-contact case. */
    public String password() {
        return password;
    }

    /** A node's settings. */
    public record NodeOptions(boolean passwordLogins) {
        public static NodeOptions defaults() {
            return new NodeOptions(true);
        }

        public static NodeOptions keysOnly() {
            return new NodeOptions(false);
        }
    }

    public Node node(String name) {
        return node(name, NodeOptions.defaults());
    }

    public Node node(String name, NodeOptions options) {
        Node node = new Node(name, root.resolve(name), root.resolve("sshd-" + name), options);
        nodes.add(node);
        node.createHome();
        node.newHostKey();
        node.startServer();
        return node;
    }

    /** One member: a home with ~/.ssh and ~/bin (first on its PATH), an sshd on its own port. */
    public final class Node {
        private final String name;
        private final Path home;
        private final Path serverDir;
        private final NodeOptions options;
        private Process sshd;
        private int port;

        Node(String name, Path home, Path serverDir, NodeOptions options) {
            this.name = name;
            this.home = home;
            this.serverDir = serverDir;
            this.options = options;
        }

        public String name() {
            return name;
        }

        public int port() {
            return port;
        }

        public Path home() {
            return home;
        }

        /** How --hosts names this node. */
        public String destination() {
            return USER + "@127.0.0.1:" + port;
        }

        /** How known_hosts names this node. */
        public String knownHostsName() {
            return "[127.0.0.1]:" + port;
        }

        public Path sshDir() {
            return home.resolve(".ssh");
        }

        public Path authorizedKeys() {
            return sshDir().resolve("authorized_keys");
        }

        /** The base64 part of this node's ed25519 host key, as known_hosts holds it. */
        public String hostKeyBlob() {
            return read(serverDir.resolve("ssh_host_ed25519_key.pub")).split(" ")[1];
        }

        public String sshdLog() {
            Path log = serverDir.resolve("sshd.log");
            return Files.exists(log) ? read(log) : "";
        }

        /** The sshd and everything it runs (sessions, shells, the commands). */
        public Process sshd() {
            return sshd;
        }

        private void createHome() {
            try {
                Files.createDirectories(home.resolve("bin"));
                Files.createDirectories(serverDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                chownToUser(home);
                Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A fresh host key, as when a node is reinstalled; takes effect at the next {@link #restart}. */
        public void newHostKey() {
            try {
                Files.deleteIfExists(serverDir.resolve("ssh_host_ed25519_key"));
                Files.deleteIfExists(serverDir.resolve("ssh_host_ed25519_key.pub"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                    serverDir.resolve("ssh_host_ed25519_key").toString());
        }

        /** Puts a file in the node's ~/bin (first on its PATH), executable, owned by the test user. */
        public void installProgram(String fileName, String script) {
            Path program = home.resolve("bin").resolve(fileName);
            try {
                Files.writeString(program, script);
                Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
                chownToUser(program);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An nvidia-smi that lists this many GPUs, as {@code nvidia-smi -L} does. */
        public void installFakeNvidiaSmi(int gpus) {
            installProgram("nvidia-smi", FakeGpus.nvidiaSmi(gpus));
        }

        /** Writes a file in the node's home (and the folders to it), owned by the test user, with this mode. */
        public void writeHomeFile(String relative, String text, String mode) {
            Path file = home.resolve(relative);
            try {
                Files.createDirectories(file.getParent());
                chownToUser(file.getParent());
                Files.writeString(file, text);
                chownToUser(file);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void startServer() {
            for (int attempt = 1; ; attempt++) {
                port = FreePort.find();
                writeConfig();
                try {
                    sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", serverDir.resolve("sshd_config").toString(),
                            "-p", Integer.toString(port))
                            .redirectErrorStream(true).redirectOutput(serverDir.resolve("sshd.log").toFile()).start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (awaitGreeting(Duration.ofSeconds(10))) {
                    return;
                }
                stopServer();
                if (attempt == 3) {
                    throw new IllegalStateException("sshd for " + name + " did not start; its log:\n" + sshdLog());
                }
            }
        }

        private void writeConfig() {
            String config = String.join("\n",
                    "ListenAddress 127.0.0.1",
                    "HostKey " + serverDir.resolve("ssh_host_ed25519_key"),
                    "PidFile none",
                    "UsePAM no",
                    "StrictModes yes",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication " + (options.passwordLogins() ? "yes" : "no"),
                    "KbdInteractiveAuthentication no",
                    "AuthorizedKeysFile " + authorizedKeys(),
                    "SetEnv HOME=" + home + " PATH=" + home.resolve("bin") + ":/usr/bin:/bin",
                    "AllowUsers " + USER,
                    "PermitRootLogin no",
                    "MaxStartups 64",
                    "Subsystem sftp internal-sftp", // ncclkit deploy copies the bundle over SFTP
                    "LogLevel VERBOSE",
                    "");
            try {
                Files.writeString(serverDir.resolve("sshd_config"), config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Whether the server answers with its SSH version line within the time. */
        private boolean awaitGreeting(Duration limit) {
            long end = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < end && sshd.isAlive()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    socket.setSoTimeout(2000);
                    InputStream in = socket.getInputStream();
                    byte[] greeting = in.readNBytes(4);
                    if (new String(greeting, StandardCharsets.US_ASCII).equals("SSH-")) {
                        return true;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                sleep(20);
            }
            return false;
        }

        /** Stops the server and its sessions; the port is then closed (an unreachable member). */
        public void stopServer() {
            if (sshd == null) {
                return;
            }
            sshd.descendants().forEach(ProcessHandle::destroyForcibly);
            sshd.destroy();
            try {
                if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
                    sshd.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sshd.destroyForcibly();
            }
        }

        /** Stops and starts the server on the same port (with the host key it has now). */
        public void restart() {
            stopServer();
            writeConfig();
            try {
                sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", serverDir.resolve("sshd_config").toString(),
                        "-p", Integer.toString(port))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(serverDir.resolve("sshd.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!awaitGreeting(Duration.ofSeconds(10))) {
                throw new IllegalStateException("sshd for " + name + " did not restart on port " + port + "; its log:\n" + sshdLog());
            }
        }

        @Override
        public String toString() {
            return name + " (" + destination() + ")";
        }
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.stopServer();
        }
        deleteTree(root);
    }

    /** Creates the test user if missing and sets its password (kept in a file only root can read). */
    static synchronized String ensureUser() {
        if (Commands.status("id", "-u", USER) != 0) {
            int status = Commands.status("useradd", "--create-home", "--home-dir", USER_HOME.toString(), "--shell", "/bin/sh",
                    "--comment", "ncclkit SSH tests", USER);
            if (status != 0 && Commands.status("id", "-u", USER) != 0) { // another test run may have made it meanwhile
                throw new IllegalStateException("useradd " + USER + " failed with status " + status);
            }
        }
        try {
            Files.createDirectories(USER_HOME);
            if (!Files.exists(PASSWORD_FILE)) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                String fresh = java.util.HexFormat.of().formatHex(random);
                try {
                    Files.writeString(PASSWORD_FILE, fresh, StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE_NEW);
                    Files.setPosixFilePermissions(PASSWORD_FILE, PosixFilePermissions.fromString("rw-------"));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another run wrote it first: use that one
                }
            }
            String password = Files.readString(PASSWORD_FILE).strip();
            for (int attempt = 0; ; attempt++) { // chpasswd fails while another process holds the lock on /etc/shadow
                if (Commands.runWithInput((USER + ":" + password + "\n").getBytes(StandardCharsets.US_ASCII), "chpasswd") == 0) {
                    return password;
                }
                if (attempt == 20) {
                    throw new IllegalStateException("chpasswd for " + USER + " kept failing");
                }
                sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void chownToUser(Path path) {
        Commands.run("chown", USER + ":" + USER, path.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
