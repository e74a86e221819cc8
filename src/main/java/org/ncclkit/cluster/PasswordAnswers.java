package org.ncclkit.cluster;

import java.nio.charset.StandardCharsets;

import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UserInfo;

/**
 * Answers the server's password questions with the one password given, once: a password prompt by keyboard-interactive
 * (as PAM asks) or by the password method. Every other question (host keys, passphrases) is answered no.
 */
final class PasswordAnswers implements UserInfo, UIKeyboardInteractive {
    private final Password password;
    private boolean keyboardInteractiveAnswered;

    PasswordAnswers(Password password) {
        this.password = password;
    }

    @Override
    public synchronized String[] promptKeyboardInteractive(String destination, String name, String instruction,
                                                           String[] prompt, boolean[] echo) {
        if (keyboardInteractiveAnswered || prompt.length != 1 || echo[0]) {
            return null; // not a single hidden password question, or the password was wrong once already
        }
        keyboardInteractiveAnswered = true;
        return new String[] {new String(password.copy(), StandardCharsets.UTF_8)};
    }

    @Override
    public String getPassphrase() {
        return null;
    }

    @Override
    public String getPassword() {
        return null; // the session's password is set directly; null here ends the password method after one try
    }

    @Override
    public boolean promptPassword(String message) {
        return false;
    }

    @Override
    public boolean promptPassphrase(String message) {
        return false;
    }

    @Override
    public boolean promptYesNo(String message) {
        return false;
    }

    @Override
    public void showMessage(String message) {
    }
}
