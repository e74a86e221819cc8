package org.ncclkit.ffi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeExceptionTest {
    @Test
    void messageNamesLibraryCallCodeAndTheLibrarysMessage() {
        NativeException e = new NativeException("NCCL", "ncclCommInitRank", 2, "unhandled system error");

        assertThat(e).hasMessage("NCCL ncclCommInitRank failed with code 2: unhandled system error");
        assertThat(e.library()).isEqualTo("NCCL");
        assertThat(e.call()).isEqualTo("ncclCommInitRank");
        assertThat(e.code()).isEqualTo(2);
    }

    @Test
    void missingOrBlankLibraryMessageLeavesNoDanglingColon() {
        assertThat(new NativeException("CUDA", "cuInit", 100, null))
                .hasMessage("CUDA cuInit failed with code 100");
        assertThat(new NativeException("CUDA", "cuInit", 100, " "))
                .hasMessage("CUDA cuInit failed with code 100");
    }
}
