package org.ncclkit.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ncclkit.testing.ChildProcess;

/**
 * The C NET plugin fixture of {@code src/test/c/fixture_net.c} (TCP on loopback; GPU memory too with
 * {@code FIXTURE_NET_CUDA=1}), built by the test build with gcc, and {@code ncclkit run -np 2 check plugin} against it.
 */
final class FixturePlugin {
    static final Path NEWEST = Path.of("target/test-native/libnccl-net-fixture.so").toAbsolutePath();
    static final Path V8 = Path.of("target/test-native/libnccl-net-fixturev8.so").toAbsolutePath();

    private FixturePlugin() {
    }

    /** Two ranks of {@code check plugin --plugin PLUGIN ARGS}, both printing, with the fixture variables given. */
    static ChildProcess check(List<String> environment, Path plugin, String... args) {
        assumeTrue(Files.exists(plugin), "no " + plugin + ": gcc was missing when the test build ran");
        List<String> command = new ArrayList<>(List.of("env"));
        command.addAll(environment);
        command.addAll(ChildProcess.ncclkit("run", "-np", "2", "--all-output", "check", "plugin", "--plugin", plugin.toString()));
        command.addAll(List.of(args));
        return ChildProcess.run(command, Duration.ofSeconds(90));
    }
}
