package org.ncclkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a cluster of separate hosts on this machine, brought up by {@code src/test/testbed/testbed.sh}.
 * Each {@link TestBedMember} is a network namespace with its own address on a private bridge (10.213.k.0/24), its own
 * {@code sshd} on port 22, its own {@code /home}, {@code /etc/hosts} and host name ({@code node1} ... {@code nodeN});
 * the leader is this process's namespace, at {@link #leaderAddress()} on the bridge. Root logs in to every member with
 * the test bed's key ({@link #sshConfig()}); the test user {@value LoopbackSshd#USER} has a fresh, empty home on each.
 *
 * <p>Registered on a static field it is brought up once for the class (about a second for 4 members) and put back
 * after each test: links up, traffic shaping off, sshd running with its first host key, and every process a test left
 * in a member stopped. On an instance field it is brought up and torn down for each test. Skipped, with the reason,
 * where namespaces cannot be made (not root, no {@code ip}, no sshd).
 */
public final class TestBed implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    static final Path SCRIPT = Path.of("src/test/testbed/testbed.sh").toAbsolutePath();

    private final int size;
    private Path dir;
    private List<TestBedMember> members = List.of();
    private boolean perTest;
    private Thread teardownOnExit;

    private TestBed(int size) {
        this.size = size;
    }

    /** A test bed of {@code count} member hosts. */
    public static TestBed members(int count) {
        return new TestBed(count);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        up();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (dir == null) {
            perTest = true;
            up();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            down();
        } else if (dir != null) {
            members.forEach(TestBedMember::restore);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        down();
    }

    private void up() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "[test bed] skipped: network namespaces need root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")) && Files.isExecutable(Path.of("/usr/bin/ssh")),
                "[test bed] skipped: needs openssh-server and openssh-client (.ci/run installs them)");
        LoopbackSshd.ensureUser();
        Commands.Result result = Commands.result(Map.of("TESTBED_OWNER", Long.toString(ProcessHandle.current().pid())),
                new byte[0], SCRIPT.toString(), "up", Integer.toString(size));
        if (result.status() == 2) {
            Assumptions.abort("[test bed] skipped: " + result.output().strip());
        }
        if (result.status() != 0) {
            throw new IllegalStateException("testbed.sh up " + size + " failed with status " + result.status() + ":\n"
                    + result.output());
        }
        List<String> lines = result.output().strip().lines().toList();
        dir = Path.of(lines.getLast());
        teardownOnExit = new Thread(this::down, "testbed-down");
        Runtime.getRuntime().addShutdownHook(teardownOnExit);
        members = readMembers();
    }

    private List<TestBedMember> readMembers() {
        List<TestBedMember> read = new ArrayList<>();
        int index = 1;
        for (String line : lines(dir.resolve("members"))) {
            String[] fields = line.split(" ");
            read.add(new TestBedMember(this, index++, fields[0], fields[1], fields[2], Long.parseLong(fields[3])));
        }
        return List.copyOf(read);
    }

    private synchronized void down() {
        if (dir == null) {
            return;
        }
        Path folder = dir;
        dir = null;
        members = List.of();
        Commands.result(Map.of(), new byte[0], SCRIPT.toString(), "down", folder.toString());
        if (teardownOnExit != null && Thread.currentThread() != teardownOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(teardownOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is this very tear-down's caller or has run
            }
        }
    }

    /** The members, node1 first. */
    public List<TestBedMember> members() {
        return required(members);
    }

    /** Member {@code i}, counted from 1 as their names are. */
    public TestBedMember member(int i) {
        return members().get(i - 1);
    }

    /** The test bed's folder (its state: see testbed.sh). */
    public Path dir() {
        return required(dir);
    }

    /** The leader's address on the members' network (the bridge's). */
    public String leaderAddress() {
        return "10.213." + dir().getFileName() + ".1";
    }

    /** The bridge: the leader's interface on the members' network. */
    public String bridge() {
        return "tb" + dir().getFileName() + "br";
    }

    /** The leader's ssh configuration for root: each member by name, the test bed's key and known_hosts, batch mode. */
    public Path sshConfig() {
        return dir().resolve("leader/ssh_config");
    }

    /** The private key that root on every member accepts. */
    public Path leaderKey() {
        return dir().resolve("leader/id_ed25519");
    }

    /** Every member's host key, by name and address. */
    public Path knownHosts() {
        return dir().resolve("leader/known_hosts");
    }

    /** The test user's password (the same on every member), for first contact by password. */
    public String password() {
        return LoopbackSshd.ensureUser();
    }

    /** The members' names, comma-separated, as {@code --hosts} takes them. */
    public String names() {
        return String.join(",", members().stream().map(TestBedMember::name).toList());
    }

    /** The members' addresses, comma-separated. */
    public String addresses() {
        return String.join(",", members().stream().map(TestBedMember::address).toList());
    }

    /**
     * The command as run on the leader with the test bed's hosts file over {@code /etc/hosts} (a private mount
     * namespace), so that member names resolve for it and what it starts (ssh, mpirun).
     */
    public List<String> onLeader(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(SCRIPT.toString(), "leader", dir().toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** What Open MPI's mpirun needs in its environment to start its daemons on the members as root. */
    public Map<String, String> mpirunEnvironment() {
        return Map.of("OMPI_MCA_plm_rsh_agent", "ssh -F " + sshConfig());
    }

    /** Runs testbed.sh with these arguments for this test bed; its output, or an error with it. */
    String script(String... arguments) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(arguments));
        return Commands.run(command.toArray(String[]::new));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T required(T value) {
        if (value == null || (value instanceof List<?> list && list.isEmpty())) {
            throw new IllegalStateException("the test bed is not up: register TestBed with @RegisterExtension");
        }
        return value;
    }

    /** Waits until the process has gone, up to the limit; whether it has. */
    public static boolean awaitGone(long pid, long limitMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMillis);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
