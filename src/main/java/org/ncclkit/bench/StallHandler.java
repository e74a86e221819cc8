package org.ncclkit.bench;

import java.time.Duration;

/** What a run does when a {@link StallWatchdog} finds it stuck: names who it waits for and ends it (cli's StallExit). */
@FunctionalInterface
public interface StallHandler {
    /** The run made no progress for {@code quiet} during {@code step}; called once, from the watchdog's thread. */
    void stalled(String step, Duration quiet);
}
