package org.ncclkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * One member host of a {@link TestBed}, with the faults a test can give it: its link down (as a pulled cable or a
 * switch port turned off: the leader's side of its veth), {@code tc} delay, loss or a rate limit on its link, its sshd
 * killed, its host key replaced, a process of it stopped or killed. {@link TestBed} undoes them after each test.
 */
public final class TestBedMember {
    private final TestBed bed;
    private final int index;
    private final String name;
    private final String address;
    private final String namespace;
    private long sshdPid;
    private boolean hostKeyReplaced;

    TestBedMember(TestBed bed, int index, String name, String address, String namespace, long sshdPid) {
        this.bed = bed;
        this.index = index;
        this.name = name;
        this.address = address;
        this.namespace = namespace;
        this.sshdPid = sshdPid;
    }

    /** Its host name ({@code node1} ...), which the other members and {@link TestBed#onLeader} resolve. */
    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    /** Its network namespace ({@code ip netns}). */
    public String namespace() {
        return namespace;
    }

    /** The folder that is {@code /home} on this member, as the leader sees it. */
    public Path home() {
        return folder().resolve("home");
    }

    /** The test user's home on this member, as the leader sees it. */
    public Path userHome() {
        return home().resolve(LoopbackSshd.USER);
    }

    /** The base64 part of its ed25519 host key as known_hosts holds it. */
    public String hostKeyBlob() {
        return read(folder().resolve("ssh_host_ed25519_key.pub")).split(" ")[1];
    }

    public long sshdPid() {
        return sshdPid;
    }

    public String sshdLog() {
        return read(folder().resolve("sshd.log"));
    }

    private Path folder() {
        return bed.dir().resolve(name);
    }

    /** The member's link goes down at the leader's end: nothing reaches it or comes from it, and it is not told. */
    public void linkDown() {
        Commands.run("ip", "link", "set", leaderSideLink(), "down");
    }

    public void linkUp() {
        Commands.run("ip", "link", "set", leaderSideLink(), "up");
    }

    private String leaderSideLink() {
        return "tb" + bed.dir().getFileName() + "v" + index;
    }

    private String memberSideLink() {
        return "tb" + bed.dir().getFileName() + "p" + index;
    }

    /**
     * {@code tc netem} on the member's link, e.g. {@code delay 200ms}, {@code loss 30%}, {@code delay 100ms loss 5%};
     * the test is skipped where the kernel has no netem (CONFIG_NET_SCH_NETEM).
     */
    public void netem(String... settings) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "tc", "qdisc", "replace", "dev",
                memberSideLink(), "root", "netem"));
        command.addAll(Arrays.asList(settings));
        Commands.Result result = Commands.result(Map.of(), new byte[0], command.toArray(String[]::new));
        Assumptions.assumeFalse(result.output().contains("qdisc kind is unknown"),
                "[test bed] skipped: this kernel has no tc netem (sch_netem)");
        if (result.status() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
        }
    }

    /** What leaves the member is limited to this rate ({@code tc tbf}), e.g. {@code 1mbit}. */
    public void rateLimit(String rate) {
        Commands.run("ip", "netns", "exec", namespace, "tc", "qdisc", "replace", "dev", memberSideLink(), "root", "tbf",
                "rate", rate, "burst", "32kbit", "latency", "400ms");
    }

    /** Removes any delay, loss or rate limit. */
    public void clearTrafficShaping() {
        Commands.result(Map.of(), new byte[0], "ip", "netns", "exec", namespace, "tc", "qdisc", "del", "dev",
                memberSideLink(), "root");
    }

    /** The member's packets to this address are refused at once ("no route to host"), as by a firewall's reject. */
    public void unreachable(String address) {
        Commands.run("ip", "-n", namespace, "route", "replace", "unreachable", address + "/32");
    }

    /** Kills its listening sshd (SIGKILL): the host still answers, nothing listens on port 22; open sessions go on. */
    public void killSshd() {
        signal(sshdPid, "KILL");
        TestBed.awaitGone(sshdPid, 5000);
    }

    /** Starts sshd again (it was killed, or has a new host key). */
    public void startSshd() {
        if (ProcessHandle.of(sshdPid).map(ProcessHandle::isAlive).orElse(false)) {
            signal(sshdPid, "KILL");
            TestBed.awaitGone(sshdPid, 5000);
        }
        sshdPid = Long.parseLong(bed.script("restart-sshd", bed.dir().toString(), Integer.toString(index)).strip()
                .lines().toList().getLast());
    }

    /** A new host key, as when the member is reinstalled; sshd restarts with it. */
    public void newHostKey() {
        Path key = folder().resolve("ssh_host_ed25519_key");
        try {
            if (!hostKeyReplaced) {
                Files.copy(key, folder().resolve("first_host_key"), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(Path.of(key + ".pub"), folder().resolve("first_host_key.pub"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.delete(key);
            Files.delete(Path.of(key + ".pub"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hostKeyReplaced = true;
        Commands.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString());
        startSshd();
    }

    /** Every process in the member's network namespace (its sshd, the sessions, what they run). */
    public List<ProcessHandle> processes() {
        Commands.Result result = Commands.result(Map.of(), new byte[0], "ip", "netns", "pids", namespace);
        return result.output().lines().filter(line -> line.matches("\\d+")).map(Long::parseLong)
                .map(ProcessHandle::of).flatMap(java.util.Optional::stream).filter(ProcessHandle::isAlive).toList();
    }

    /** The ncclkit processes (rank JVMs) running on the member. */
    public List<ProcessHandle> ncclkitProcesses() {
        return processes().stream().filter(p -> p.info().arguments().map(Arrays::asList)
                .map(args -> args.contains("org.ncclkit.cli.Main")).orElse(false)).toList();
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, {@code KILL}, {@code TERM}) to one process. */
    public static void signal(long pid, String signal) {
        Commands.result(Map.of(), new byte[0], "kill", "-" + signal, Long.toString(pid));
    }

    /** Runs a command inside the member (its network, mounts and host name), as root, to its end. */
    public Commands.Result run(String... command) {
        List<String> full = new ArrayList<>(List.of(TestBed.SCRIPT.toString(), "member", bed.dir().toString(),
                Integer.toString(index)));
        full.addAll(Arrays.asList(command));
        return Commands.result(Map.of(), new byte[0], full.toArray(String[]::new));
    }

    /** Undoes what a test did to the member: link up, no shaping or refused routes, its first host key, sshd running, no other process. */
    void restore() {
        linkUp();
        clearTrafficShaping();
        Commands.result(Map.of(), new byte[0], "ip", "-n", namespace, "route", "flush", "type", "unreachable");
        processes().stream().filter(p -> p.pid() != sshdPid).forEach(p -> signal(p.pid(), "KILL"));
        if (hostKeyReplaced) {
            Path key = folder().resolve("ssh_host_ed25519_key");
            try {
                Files.move(folder().resolve("first_host_key"), key, StandardCopyOption.REPLACE_EXISTING);
                Files.move(folder().resolve("first_host_key.pub"), Path.of(key + ".pub"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hostKeyReplaced = false;
            startSshd();
        } else if (!ProcessHandle.of(sshdPid).map(ProcessHandle::isAlive).orElse(false)) {
            startSshd();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
