package org.ncclkit.check;

/** One step of {@code ncclkit check}: its name, how it ended, and the words that say why. */
public record CheckStep(String name, Outcome outcome, String detail) {
    public enum Outcome { PASS, FAIL, SKIPPED }

    public boolean passed() {
        return outcome != Outcome.FAIL;
    }
}
