package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Test;

class NcclRegistrationTest {
    @Test
    void aWindowHandleThatNcclWritesAfterTheRegisterCallReturnedIsTheOneDeregistered() {
        NcclRegistration registration = new NcclRegistration(new NcclComm(MemorySegment.ofAddress(0x1000)), true);
        assertThat(registration.handle()).isEqualTo(MemorySegment.NULL); // inside a group: nothing written yet

        System.gc(); // the cell must outlive the call that passed it to NCCL, whatever the collector does meanwhile
        registration.cell().set(ADDRESS, 0, MemorySegment.ofAddress(0xdead0000L)); // what ncclGroupEnd does

        assertThat(registration.handle().address()).isEqualTo(0xdead0000L);
        assertThat(registration.window()).isTrue();
    }
}
