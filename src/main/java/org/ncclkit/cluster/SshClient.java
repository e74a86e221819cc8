package org.ncclkit.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UnixDomainSocketFactory;

/**
 * Opens SSH sessions (JSch) to the nodes: host keys checked against one {@link KnownHostsFile}, a connect time
 * limit, keep-alives, and every failure turned into an {@link SshFailure} with one plain reason. Safe to share
 * between threads; each session is independent.
 */
public final class SshClient {
    private static final Pattern SERVER_METHODS = Pattern.compile("for methods '([^']*)'");

    private final KnownHostsFile knownHosts;
    private final Duration connectTimeout;
    private final Map<Path, Optional<KeyFile>> keyFiles = new ConcurrentHashMap<>();
    private final ThisNode leader;

    /** A private key that can be used without a passphrase, read once. */
    private record KeyFile(String name, byte[] privateKey) {
    }

    public SshClient(KnownHostsFile knownHosts, Duration connectTimeout) {
        this(knownHosts, connectTimeout, null);
    }

    private SshClient(KnownHostsFile knownHosts, Duration connectTimeout, ThisNode leader) {
        this.knownHosts = knownHosts;
        this.connectTimeout = connectTimeout;
        this.leader = leader;
    }

    /** This client, with {@link #open} running the commands of entries that name this node here rather than over SSH. */
    public SshClient recognising(ThisNode thisNode) {
        return new SshClient(knownHosts, connectTimeout, thisNode);
    }

    /**
     * A session on the node: on this one itself when the target names it (see {@link #recognising}), else an SSH
     * login as {@link #connect(SshTarget, Credentials, HostDeadline)} makes it.
     */
    public NodeSession open(SshTarget target, Credentials credentials, HostDeadline deadline) {
        if (leader != null && leader.is(target)) {
            LocalSession local = new LocalSession(target);
            deadline.onExpiry(local::abort);
            return local;
        }
        return connect(target, credentials, deadline);
    }

    public KnownHostsFile knownHosts() {
        return knownHosts;
    }

    /** Connects and logs in; an {@link SshFailure} says why not. */
    public SshSession connect(SshTarget target, Credentials credentials) {
        return connect(target, credentials, HostDeadline.none());
    }

    /** As {@link #connect(SshTarget, Credentials)}; when the deadline passes the connection is dropped, even mid-login. */
    public SshSession connect(SshTarget target, Credentials credentials, HostDeadline deadline) {
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(knownHosts);
        int keys = 0;
        for (Path path : credentials.keyFiles()) {
            Optional<KeyFile> key = keyFiles.computeIfAbsent(path, SshClient::readUnencrypted);
            if (key.isPresent()) {
                try {
                    jsch.addIdentity(key.get().name(), key.get().privateKey(), null, null);
                    keys++;
                } catch (JSchException e) {
                    // a key JSch cannot use is left out, as ssh leaves out a key it cannot load
                }
            }
        }
        Session session;
        try {
            session = jsch.getSession(target.user(), target.host(), target.port());
        } catch (JSchException e) {
            throw new SshFailure(SshFailure.Kind.PROTOCOL, e.getMessage(), e);
        }
        AgentIdentityRepository agent = credentials.agentSocket().map(SshClient::agent).orElse(null);
        if (agent != null) {
            session.setIdentityRepository(new CombinedIdentities(jsch.getIdentityRepository(), agent));
        }
        String methods = "publickey";
        if (credentials.password().isPresent()) {
            methods += ",keyboard-interactive,password";
            session.setPassword(credentials.password().get().copy());
            session.setUserInfo(new PasswordAnswers(credentials.password().get()));
        }
        session.setConfig("PreferredAuthentications", methods);
        session.setConfig("StrictHostKeyChecking", knownHosts.policy() == KnownHostsFile.Policy.ACCEPT_ANY ? "no" : "yes");
        session.setConfig("HashKnownHosts", "no");
        session.setDaemonThread(true);
        deadline.onExpiry(session::disconnect);
        try {
            session.setServerAliveInterval((int) KeepAlive.INTERVAL.toMillis());
            session.setServerAliveCountMax(KeepAlive.COUNT_MAX);
            session.connect((int) connectTimeout.toMillis());
        } catch (JSchException e) {
            session.disconnect();
            throw translate(e, target, credentials, keys, agent != null);
        }
        SshSession connected = new SshSession(target, session);
        deadline.onExpiry(connected::abort);
        return connected;
    }

    private static Optional<KeyFile> readUnencrypted(Path path) {
        try {
            if (!Files.isRegularFile(path)) {
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(path);
            KeyPair pair = KeyPair.load(new JSch(), bytes, null);
            boolean encrypted = pair.isEncrypted();
            pair.dispose();
            return encrypted ? Optional.empty() : Optional.of(new KeyFile(path.toString(), bytes));
        } catch (IOException | JSchException e) {
            return Optional.empty(); // unreadable or not a key: ssh would skip it too
        }
    }

    private static AgentIdentityRepository agent(Path socket) {
        try {
            return new AgentIdentityRepository(new SSHAgentConnector(new UnixDomainSocketFactory(), socket));
        } catch (AgentProxyException | RuntimeException e) {
            return null; // an agent that cannot be reached is not an error: its keys are simply not offered
        }
    }

    /** One line for one failed connection, by what the exception and its causes say. */
    private SshFailure translate(JSchException e, SshTarget target, Credentials credentials, int keys, boolean agent) {
        String where = target.host() + " port " + target.port();
        if (e instanceof JSchChangedHostKeyException) {
            KnownHostsFile.Seen seen = knownHosts.seen(target).orElse(null);
            String presented = seen == null ? "another key" : seen.type() + " " + seen.fingerprint();
            return new SshFailure(SshFailure.Kind.HOST_KEY_CHANGED, "host key CHANGED: " + target.knownHostsName()
                    + " now presents " + presented + ", not the key recorded in " + knownHosts.file()
                    + "; if the node was reinstalled, remove the old key with ssh-keygen -R '" + target.knownHostsName()
                    + "' -f " + knownHosts.file() + " and run again", e);
        }
        if (e instanceof JSchUnknownHostKeyException) {
            return new SshFailure(SshFailure.Kind.HOST_KEY_CHANGED, "host key of " + target.knownHostsName()
                    + " is not in " + knownHosts.file(), e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case ConnectException refused -> {
                    return new SshFailure(SshFailure.Kind.UNREACHABLE, "connection refused by " + where
                            + " (no SSH server listening there?)", e);
                }
                case UnknownHostException unknown -> {
                    return new SshFailure(SshFailure.Kind.UNREACHABLE, "unknown host name " + target.host(), e);
                }
                case NoRouteToHostException noRoute -> {
                    return new SshFailure(SshFailure.Kind.UNREACHABLE, "no route to " + target.host(), e);
                }
                case SocketTimeoutException slow -> {
                    return new SshFailure(SshFailure.Kind.TIMEOUT, "no SSH answer from " + where + " within "
                            + seconds(connectTimeout), e);
                }
                default -> {
                }
            }
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.startsWith("timeout: socket is not established")) {
            return new SshFailure(SshFailure.Kind.UNREACHABLE, "no answer from " + where + " within " + seconds(connectTimeout)
                    + " (host down or port filtered?)", e);
        }
        if (message.startsWith("connection is closed by foreign host")) {
            return new SshFailure(SshFailure.Kind.UNREACHABLE, where + " closed the connection before login (not an SSH "
                    + "server, or it turns this client away: MaxStartups, AllowUsers, a firewall)", e);
        }
        if (message.startsWith("invalid server's version string")) {
            return new SshFailure(SshFailure.Kind.UNREACHABLE, where + " does not speak SSH", e);
        }
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            Matcher matcher = SERVER_METHODS.matcher(message);
            String serverMethods = matcher.find() ? matcher.group(1) : "";
            return new SshFailure(SshFailure.Kind.AUTHENTICATION,
                    authenticationMessage(target, credentials, keys, agent, serverMethods), e, serverMethods);
        }
        return new SshFailure(SshFailure.Kind.PROTOCOL, "SSH to " + where + " failed: " + message, e);
    }

    private static String authenticationMessage(SshTarget target, Credentials credentials, int keys, boolean agent,
                                                String serverMethods) {
        List<String> tried = new ArrayList<>();
        tried.add(keys == 1 ? "1 key" : keys + " keys");
        if (agent) {
            tried.add("the agent's keys");
        }
        boolean serverTakesPasswords = serverMethods.contains("password") || serverMethods.contains("keyboard-interactive");
        if (credentials.password().isPresent() && serverTakesPasswords) {
            return "login refused for " + target.user() + ": wrong password (and no key accepted)";
        }
        String message = "login refused for " + target.user() + ": no key accepted (tried " + String.join(" and ", tried) + ")";
        if (credentials.password().isPresent()) {
            return message + ", and the server takes no password (it offers: " + serverMethods + ")";
        }
        return message;
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
