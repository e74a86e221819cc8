package org.ncclkit.validate;

import java.time.Duration;

/** When the time given to {@code validate} (--budget) runs out, on {@link System#nanoTime()}'s clock. */
public record Deadline(long endNanos) {
    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    public boolean passed() {
        return System.nanoTime() - endNanos > 0;
    }

    /** The time left, zero once passed. */
    public Duration left() {
        long left = endNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** "9m58s", "41s". */
    public static String describe(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? s / 60 + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
