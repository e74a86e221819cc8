package org.ncclkit.ffi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrintfFormatTest {
    private static final Map<Long, String> STRINGS = Map.of(0x1000L, "efa", 0x2000L, "ip-172-31-15-30");

    private static String format(String fmt, long[] words, double... doubles) {
        return PrintfFormat.format(fmt, PrintfFormat.arguments(words, doubles), STRINGS::get);
    }

    @Test
    void formatsTheConversionsPluginsUse() {
        assertThat(format("NET/OFI Selected provider is %s, fabric is %s (found %d nics)", new long[] {0x1000, 0x2000, 4}))
                .isEqualTo("NET/OFI Selected provider is efa, fabric is ip-172-31-15-30 (found 4 nics)");
        assertThat(format("%d %i %u %ld %lu %lld %llu %zu", new long[] {-1, 0xffffffffL, -1, -5, -1, 7, 8, 9}))
                .isEqualTo("-1 -1 4294967295 -5 18446744073709551615 7 8 9");
        assertThat(format("%x %lx %#x %08x %X %c%c %p %p %%", new long[] {255, -1, 16, 0xbeef, 0xab, 'o', 'k', 0x7f00, 0}))
                .isEqualTo("ff ffffffffffffffff 0x10 0000beef AB ok 0x7f00 (nil) %");
        assertThat(format("[%5s|%-5s|%.2s|%s]", new long[] {0x1000, 0x1000, 0x2000, 0})).isEqualTo("[  efa|efa  |ip|(null)]");
        assertThat(format("%.2f ms, %e", new long[0], 0.25, 1500.0)).isEqualTo("0.25 ms, 1.500000e+03");
        assertThat(format("%*d|%-*d|%.3d", new long[] {4, 7, 3, 1, 5})).isEqualTo("   7|1  |005");
    }

    @Test
    void givesTheFormatBackVerbatimWhenItCannotRenderIt() {
        assertThat(format("odd %n conversion %d", new long[] {1})).isEqualTo("odd %n conversion %d");
        assertThat(format("more %d %d than given", new long[] {1})).isEqualTo("more %d %d than given");
        assertThat(format("trailing %", new long[0])).isEqualTo("trailing %");
    }

    @Test
    void propertiesLayoutsHaveTheSizesOfNcclsHeaders() {
        assertThat(NetPlugin.propertiesSize(8)).isEqualTo(64);
        assertThat(NetPlugin.propertiesSize(11)).isEqualTo(112);
        assertThat(NetPlugin.propertiesSize(12)).isEqualTo(128);
    }
}
