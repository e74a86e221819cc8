package org.ncclkit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncclkit.collective.DataType;

/** The Java emulation of half, bfloat16, e4m3 and e5m2 rounds, saturates and keeps NaN as CUDA's conversions do. */
class LowPrecisionTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"HALF", "BFLOAT16", "F8E4M3", "F8E5M2"})
    void everyNumberRoundTripsAndEveryMidpointRoundsToTheEvenNeighbour(DataType type) {
        LowPrecision.Format f = LowPrecision.of(type);
        long count = 1L << (f.bits() - 1);
        double previous = -1;
        long previousBits = -1;
        for (long bits = 0; bits < count; bits++) { // the non-negative patterns, in increasing order
            double value = LowPrecision.toDouble(f, bits);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            assertThat(LowPrecision.fromDouble(f, value)).as("%x", bits).isEqualTo(bits);
            assertThat(LowPrecision.fromDouble(f, -value)).as("-%x", bits).isEqualTo(bits | f.signBit());
            if (previousBits >= 0) {
                double midpoint = (previous + value) / 2;
                long even = (bits & 1) == 0 ? bits : previousBits;
                assertThat(LowPrecision.fromDouble(f, midpoint)).as("midpoint below %x", bits).isEqualTo(even);
                assertThat(LowPrecision.fromDouble(f, Math.nextUp(midpoint))).isEqualTo(bits);
                assertThat(LowPrecision.fromDouble(f, Math.nextDown(midpoint))).isEqualTo(previousBits);
            }
            previous = value;
            previousBits = bits;
        }
    }

    @Test
    void halfMatchesJavasOwnConversionFromFloat() {
        Random random = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            float x = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(x)) {
                continue;
            }
            assertThat(LowPrecision.fromDouble(LowPrecision.HALF, x)).as("%s", x).isEqualTo(Float.floatToFloat16(x) & 0xFFFFL);
        }
    }

    @Test
    void halfAndBfloat16OverflowToInfinityAndMakeNanCanonical() {
        assertThat(LowPrecision.fromDouble(LowPrecision.HALF, 65504)).isEqualTo(0x7BFF);
        assertThat(LowPrecision.fromDouble(LowPrecision.HALF, 65520)).isEqualTo(0x7C00); // the midpoint to 2^16 overflows
        assertThat(LowPrecision.fromDouble(LowPrecision.HALF, Math.scalb(1.0, -25))).isZero(); // half the smallest subnormal
        assertThat(LowPrecision.fromDouble(LowPrecision.HALF, Double.NaN)).isEqualTo(0x7FFF);
        assertThat(LowPrecision.fromDouble(LowPrecision.BFLOAT16, -Double.MAX_VALUE)).isEqualTo(0xFF80);
        assertThat(LowPrecision.fromDouble(LowPrecision.BFLOAT16, 1 + Math.scalb(1.0, -8))).isEqualTo(0x3F80);
        assertThat(LowPrecision.fromDouble(LowPrecision.BFLOAT16, Double.NaN)).isEqualTo(0x7FFF);
    }

    @Test
    void fp8SaturatesToTheLargestFiniteValueAsSatfiniteDoes() {
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E4M3, 448)).isEqualTo(0x7E);
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E4M3, 464)).isEqualTo(0x7E); // midpoint, even stays
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E4M3, 465)).isEqualTo(0x7E);
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E4M3, Double.POSITIVE_INFINITY)).isEqualTo(0x7E);
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E4M3, Double.NEGATIVE_INFINITY)).isEqualTo(0xFE);
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E4M3, Double.NaN)).isEqualTo(0x7F);
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E4M3, Math.scalb(1.0, -10))).isZero();
        assertThat(LowPrecision.toDouble(LowPrecision.F8E4M3, 0x7F)).isNaN();
        assertThat(LowPrecision.toDouble(LowPrecision.F8E4M3, 0x78)).isEqualTo(256); // no infinity in e4m3
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E5M2, 57344)).isEqualTo(0x7B);
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E5M2, 61440)).isEqualTo(0x7B);
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E5M2, Double.POSITIVE_INFINITY)).isEqualTo(0x7B);
        assertThat(LowPrecision.toDouble(LowPrecision.F8E5M2, 0x7C)).isInfinite();
        assertThat(LowPrecision.fromDouble(LowPrecision.F8E5M2, Double.NaN)).isEqualTo(0x7E);
    }
}
