package org.ncclkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** The -T watchdog with real time: it fires once for a step that stops making progress, never while it progresses. */
class StallWatchdogTest {
    private final List<String> stalls = new CopyOnWriteArrayList<>();
    private final List<Long> steps = new CopyOnWriteArrayList<>();

    @Test
    void aStepWithoutProgressForTheLimitCallsTheHandlerOnceNamingIt() throws InterruptedException {
        try (StallWatchdog watchdog = StallWatchdog.start(Duration.ofMillis(200), this::record, steps::add)) {
            watchdog.step("all_reduce 8 B float out-of-place (timed loop)");
            Thread.sleep(1_000);

            assertThat(watchdog.fired()).isTrue();
            assertThat(stalls).containsExactly("all_reduce 8 B float out-of-place (timed loop) after PT0.2S");
        }
    }

    @Test
    void progressWithinTheLimitKeepsItQuiet() throws InterruptedException {
        try (StallWatchdog watchdog = StallWatchdog.start(Duration.ofMillis(300), this::record, steps::add)) {
            watchdog.step("warm-up (float)");
            for (int i = 0; i < 20; i++) {
                Thread.sleep(50);
                watchdog.progressed();
            }

            assertThat(watchdog.fired()).isFalse();
            assertThat(stalls).isEmpty();
        }
    }

    @Test
    void minusTZeroNeverFiresButTheStepsAreStillCountedForTheOthersViews() throws InterruptedException {
        try (StallWatchdog watchdog = StallWatchdog.start(Duration.ZERO, this::record, steps::add)) {
            watchdog.step("communicator init");
            watchdog.step("warm-up (float)");
            Thread.sleep(300);

            assertThat(watchdog.fired()).isFalse();
            assertThat(steps).containsExactly(1L, 2L);
        }
    }

    private void record(String step, Duration quiet) {
        stalls.add(step + " after " + quiet);
    }
}
