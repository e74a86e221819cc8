package org.ncclkit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Passwordless SSH from the leader to every member, as the seed sets it up by hand: log in with what the user has
 * (keys, agent, password), add the cluster key to {@code ~/.ssh/authorized_keys} and repair the permissions sshd
 * insists on, record the host key on first contact, then prove it by logging in with the cluster key alone and
 * running {@code hostname}. Hosts are set up in parallel; each ends as one {@link Row}.
 */
public final class SshSetup {
    /** What the person is told when a member wants a password that was not given. */
    public static final String PASSWORD_HINT = "give the password with --password-env VAR, or run ssh-setup in a terminal to be asked";

    private final SshClient client;
    private final ClientKey key;
    private final Credentials credentials;
    private final int parallel;
    private final Duration timeout;

    public SshSetup(SshClient client, ClientKey key, Credentials credentials, int parallel, Duration timeout) {
        this.client = client;
        this.key = key;
        this.credentials = credentials;
        this.parallel = parallel;
        this.timeout = timeout;
    }

    /** Asks once for the password of the members that refused every key; empty when nobody can be asked. */
    @FunctionalInterface
    public interface PasswordPrompt {
        Optional<Password> ask(List<SshTarget> refused);
    }

    /** One member's result, as the table shows it; {@code error} is null when the member is ready. */
    public record Row(SshTarget target, String key, String hostKey, String login, String error, List<String> notes) {
        public boolean ok() {
            return error == null;
        }
    }

    /** One member's row, and whether a password could still get it in (it refused every key, it takes passwords). */
    private record Attempt(Row row, boolean wantsPassword) {
    }

    /** Why a member failed after some steps were done: the attempt so far. */
    private static final class StepFailure extends RuntimeException {
        final Attempt attempt;

        StepFailure(Row row, boolean wantsPassword) {
            super(row.error());
            this.attempt = new Attempt(row, wantsPassword);
        }
    }

    public List<Row> run(List<SshTarget> targets, PasswordPrompt prompt) {
        Map<SshTarget, Attempt> attempts = setUpAll(targets, credentials);
        List<SshTarget> wantPassword = targets.stream().filter(target -> attempts.get(target).wantsPassword()).toList();
        if (!wantPassword.isEmpty()) {
            Optional<Password> password = prompt.ask(wantPassword);
            if (password.isPresent()) {
                attempts.putAll(setUpAll(wantPassword, credentials.withPassword(password.get())));
            } else {
                for (SshTarget target : wantPassword) {
                    Row refused = attempts.get(target).row();
                    attempts.put(target, new Attempt(new Row(target, refused.key(), refused.hostKey(), refused.login(),
                            refused.error() + "; " + PASSWORD_HINT, refused.notes()), false));
                }
            }
        }
        return targets.stream().map(target -> attempts.get(target).row()).toList();
    }

    private Map<SshTarget, Attempt> setUpAll(List<SshTarget> targets, Credentials using) {
        Map<SshTarget, Attempt> attempts = new LinkedHashMap<>();
        for (FanOut.Outcome<Row> outcome : FanOut.run(targets, parallel, timeout, (target, deadline) -> setUp(target, using, deadline))) {
            attempts.put(outcome.target(), attempt(outcome));
        }
        return attempts;
    }

    private Attempt attempt(FanOut.Outcome<Row> outcome) {
        if (outcome.ok()) {
            return new Attempt(outcome.value(), false);
        }
        if (outcome.failure().getCause() instanceof StepFailure step) {
            return step.attempt;
        }
        return new Attempt(new Row(outcome.target(), "-", hostKey(outcome.target()), "-", outcome.failure().getMessage(),
                List.of()), false);
    }

    private Row setUp(SshTarget target, Credentials using, HostDeadline deadline) {
        AuthorizedKeyInstall.Result installed;
        try (SshSession session = client.connect(target, using, deadline)) {
            installed = AuthorizedKeyInstall.parse(session.capture(AuthorizedKeyInstall.COMMAND, AuthorizedKeyInstall.script(key.publicKeyLine())));
        } catch (SshFailure failure) {
            boolean wantsPassword = failure.kind() == SshFailure.Kind.AUTHENTICATION && using.password().isEmpty()
                    && failure.passwordWouldBeTried() && !deadline.expired();
            throw new StepFailure(new Row(target, "-", hostKey(target), "-", failure.getMessage(), List.of()), wantsPassword);
        }
        String keyColumn = installed.added() ? "added" : "present";
        List<String> notes = new ArrayList<>(installed.fixes());
        try (SshSession session = client.connect(target, Credentials.keyOnly(key.privateKey()), deadline)) {
            CommandOutput hostname = session.capture("hostname", new byte[0]);
            if (!hostname.exit().succeeded()) {
                throw new StepFailure(new Row(target, keyColumn, hostKey(target), "FAILED",
                        "logged in with the new key, but 'hostname' ended with " + hostname.exit().describe(), notes), false);
            }
            notes.addAll(installed.problems());
            return new Row(target, keyColumn, hostKey(target), "ok (" + hostname.out().strip() + ")", null, notes);
        } catch (SshFailure failure) {
            String error = failure.kind() == SshFailure.Kind.AUTHENTICATION
                    ? "the key is in ~/.ssh/authorized_keys but sshd refused it"
                            + (installed.problems().isEmpty() ? " (check sshd's AuthorizedKeysFile, StrictModes and "
                                    + "PubkeyAuthentication)" : ": " + String.join("; ", installed.problems()))
                    : "login with the new key failed: " + failure.getMessage();
            throw new StepFailure(new Row(target, keyColumn, hostKey(target), "FAILED", error, notes), false);
        }
    }

    private String hostKey(SshTarget target) {
        boolean insecure = client.knownHosts().policy() == KnownHostsFile.Policy.ACCEPT_ANY;
        return client.knownHosts().seen(target).map(seen -> switch (seen.status()) {
            case KNOWN -> "known";
            case NEW -> "new, recorded";
            case CHANGED -> insecure ? "CHANGED, accepted" : "CHANGED";
        }).orElse("-");
    }

    /** The table of rows. */
    public static String table(List<Row> rows) {
        TextTable table = new TextTable("HOST", "KEY", "HOST KEY", "LOGIN", "ERROR");
        for (Row row : rows) {
            table.add(row.target().label(), row.key(), row.hostKey(), row.login(), row.error() == null ? "" : row.error());
        }
        return table.render();
    }
}
