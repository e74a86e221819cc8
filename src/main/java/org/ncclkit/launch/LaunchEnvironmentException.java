package org.ncclkit.launch;

/**
 * The launcher's variables, or the rendezvous settings, cannot describe this run: a partial or unparsable set, a rank
 * outside its world, or two sources that disagree. The message is one line naming the variables and their values.
 */
public final class LaunchEnvironmentException extends RuntimeException {
    public LaunchEnvironmentException(String message) {
        super(message);
    }
}
