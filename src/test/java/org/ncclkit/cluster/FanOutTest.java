package org.ncclkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The parallel per-host runner: its bound, its time limits, and that one host's failure stays its own. */
class FanOutTest {
    private static List<SshTarget> hosts(int count) {
        return IntStream.range(0, count).mapToObj(i -> new SshTarget("node" + i, "me", "node" + i, 22)).toList();
    }

    @Test
    void noMoreThanTheParallelLimitRunAtOnceAndAllRun() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();

        List<FanOut.Outcome<String>> outcomes = FanOut.run(hosts(20), 3, Duration.ZERO, (target, deadline) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            running.decrementAndGet();
            return target.host();
        });

        assertThat(most.get()).isEqualTo(3);
        assertThat(outcomes).extracting(FanOut.Outcome::value).containsExactlyElementsOf(hosts(20).stream().map(SshTarget::host).toList());
    }

    @Test
    void theLimitReallyLetsThatManyRunTogether() {
        CountDownLatch allStarted = new CountDownLatch(4);

        List<FanOut.Outcome<Boolean>> outcomes = FanOut.run(hosts(4), 4, Duration.ofSeconds(20), (target, deadline) -> {
            allStarted.countDown();
            try {
                return allStarted.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value()).isTrue());
    }

    @Test
    void aHostPastItsLimitIsStoppedByItsExpiryActionAndTheOthersFinish() {
        AtomicInteger cleanedUp = new AtomicInteger();

        List<FanOut.Outcome<String>> outcomes = FanOut.run(hosts(3), 3, Duration.ofMillis(300), (target, deadline) -> {
            if (target.host().equals("node1")) {
                deadline.onExpiry(cleanedUp::incrementAndGet);
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException stopped) {
                    throw new SshFailure(SshFailure.Kind.PROTOCOL, "interrupted while sleeping");
                }
            }
            return "done";
        });

        assertThat(outcomes.get(0).value()).isEqualTo("done");
        assertThat(outcomes.get(1).ok()).isFalse();
        assertThat(outcomes.get(1).failure().kind()).isEqualTo(SshFailure.Kind.TIMEOUT);
        assertThat(outcomes.get(1).failure().getMessage()).isEqualTo("timed out after 0.3 s");
        assertThat(outcomes.get(2).value()).isEqualTo("done");
        assertThat(cleanedUp.get()).isEqualTo(1);
    }

    @Test
    void theLimitCountsFromTheStartOfEachHostNotFromTheQueue() {
        List<FanOut.Outcome<String>> outcomes = FanOut.run(hosts(4), 1, Duration.ofMillis(400), (target, deadline) -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                throw new SshFailure(SshFailure.Kind.PROTOCOL, "interrupted");
            }
            return "ok";
        });

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.ok()).as(String.valueOf(outcome.failure())).isTrue());
    }

    @Test
    void anUnexpectedErrorOnOneHostBecomesItsFailureMessage() {
        List<FanOut.Outcome<String>> outcomes = FanOut.run(hosts(2), 2, Duration.ZERO, (target, deadline) -> {
            if (target.host().equals("node0")) {
                throw new IllegalStateException("disk full");
            }
            return "ok";
        });

        assertThat(outcomes.get(0).failure().getMessage()).isEqualTo("disk full");
        assertThat(outcomes.get(1).value()).isEqualTo("ok");
    }
}
