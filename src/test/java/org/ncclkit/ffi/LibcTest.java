package org.ncclkit.ffi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The C library's environment, which NCCL reads, changes for native code although Java's copy does not. */
class LibcTest {

    @Test
    void aVariableSetThroughLibcIsWhatNativeCodeReads() {
        Libc.setenv("NCCLKIT_LIBC_TEST", "INFO");

        assertThat(Libc.getenv("NCCLKIT_LIBC_TEST")).contains("INFO");
        assertThat(System.getenv("NCCLKIT_LIBC_TEST")).isNull();
    }

    @Test
    void setenvReplacesAnEarlierValue() {
        Libc.setenv("NCCLKIT_LIBC_TEST_REPLACED", "one");
        Libc.setenv("NCCLKIT_LIBC_TEST_REPLACED", "two");

        assertThat(Libc.getenv("NCCLKIT_LIBC_TEST_REPLACED")).contains("two");
    }

    @Test
    void anUnsetVariableIsEmpty() {
        assertThat(Libc.getenv("NCCLKIT_LIBC_TEST_NEVER_SET")).isEmpty();
    }
}
