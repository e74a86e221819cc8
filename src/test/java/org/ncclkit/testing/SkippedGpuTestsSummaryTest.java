package org.ncclkit.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.ncclkit.info.NodeProbe;

/** The console line that says why GPU tests were skipped, from a real JUnit run of a GPU test class. */
class SkippedGpuTestsSummaryTest {

    /** A GPU test class run by the launcher below (surefire leaves nested classes out). */
    @GpuTest
    static class TwoGpuTests {
        @Test
        void findsAGpu() {
            assertThat(GpuPresent.hasGpu()).isTrue();
        }

        @Test
        void findsItAgain() {
            assertThat(GpuPresent.hasGpu()).isTrue();
        }
    }

    private static String runWithSummary(Class<?> testClass) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SkippedGpuTestsSummary(new PrintStream(console, true, UTF_8)))
                .build());
        launcher.execute(request().selectors(selectClass(testClass)).build());
        return console.toString(UTF_8);
    }

    @Test
    void aRunWithoutAGpuEndsWithOneLineSayingWhyItsGpuTestsWereSkipped() {
        assumeFalse(GpuPresent.hasGpu(), "this machine has a GPU: its GPU tests run");

        assertThat(runWithSummary(TwoGpuTests.class)).isEqualTo("[gpu tests] skipped: " + NodeProbe.probe().gpuProblem()
                + " (1 GPU test class did not run)" + System.lineSeparator());
    }

    @Test
    void aRunWithoutGpuTestsSaysNothing() {
        assertThat(runWithSummary(NoGpuNeeded.class)).isEmpty();
    }

    /** A class with no GPU test. */
    static class NoGpuNeeded {
        @Test
        void addsUp() {
            assertThat(1 + 1).isEqualTo(2);
        }
    }
}
