package org.ncclkit.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** Whose NCCL log settings win: ncclkit's private capture, the user's own file, or the user's terminal. */
class CapturePlanTest {
    private static final Path PRIVATE = Path.of("/tmp/ncclkit-nccl-123/nccl.log");

    private static CapturePlan decide(Map<String, String> env) {
        return CapturePlan.decide(name -> Optional.ofNullable(env.get(name)), () -> PRIVATE, "ip-10-0-0-1.ec2.internal", 4242);
    }

    @Test
    void withoutNcclDebugNcclWritesInfoToAPrivateFileThatNcclkitDeletes() {
        CapturePlan plan = decide(Map.of("NCCL_DEBUG_SUBSYS", "INIT,NET"));

        assertThat(plan.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("NCCL_DEBUG", "INFO", "NCCL_DEBUG_FILE", PRIVATE.toString()));
        assertThat(plan.file()).isEqualTo(PRIVATE);
        assertThat(plan.owned()).isTrue();
        assertThat(plan.captured()).isTrue();
        assertThat(plan.skipped()).isNull();
    }

    @Test
    void aBlankNcclDebugCountsAsUnset() {
        assertThat(decide(Map.of("NCCL_DEBUG", " ")).owned()).isTrue();
    }

    @Test
    void theUsersOwnNcclDebugFileIsReadAsNcclNamesItAndKept() {
        Supplier<Path> noPrivateFile = () -> {
            throw new AssertionError("no private file when the user chose one");
        };
        CapturePlan plan = CapturePlan.decide(name -> Optional.ofNullable(Map.of("NCCL_DEBUG", "info",
                "NCCL_DEBUG_FILE", "/logs/nccl.%h.%p.%%.%x.log").get(name)), noPrivateFile, "ip-10-0-0-1.ec2.internal", 4242);

        assertThat(plan.settings()).isEmpty();
        assertThat(plan.file()).isEqualTo(Path.of("/logs/nccl.ip-10-0-0-1.4242.%.%x.log"));
        assertThat(plan.owned()).isFalse();
        assertThat(plan.captured()).isTrue();
    }

    @Test
    void traceIncludesInfoSoItsFileIsReadToo() {
        assertThat(decide(Map.of("NCCL_DEBUG", "TRACE", "NCCL_DEBUG_FILE", "/logs/n.log")).file()).isEqualTo(Path.of("/logs/n.log"));
    }

    @Test
    void infoOnTheTerminalIsLeftThereAndSaysWhereToVerifyIt() {
        CapturePlan plan = decide(Map.of("NCCL_DEBUG", "INFO"));

        assertThat(plan.captured()).isFalse();
        assertThat(plan.settings()).isEmpty();
        assertThat(plan.skipped()).isEqualTo("NCCL_DEBUG=INFO without NCCL_DEBUG_FILE sends NCCL's log to standard output,"
                + " where 'ncclkit logs verify -' can read it");
    }

    @Test
    void aLevelBelowInfoIsLeftAloneEvenWithAFile() {
        CapturePlan plan = decide(Map.of("NCCL_DEBUG", "WARN", "NCCL_DEBUG_FILE", "/logs/n.log"));

        assertThat(plan.captured()).isFalse();
        assertThat(plan.settings()).isEmpty();
        assertThat(plan.skipped()).isEqualTo("NCCL_DEBUG=WARN leaves out the INFO lines that say which network NCCL used");
    }

    @Test
    void hostNamesLoseTheirDomainAndPathCharactersAsInNccl() {
        assertThat(CapturePlan.expand("%h-%p%", "a%b/c.example.com", 7)).isEqualTo("a-b-c-7%");
    }
}
