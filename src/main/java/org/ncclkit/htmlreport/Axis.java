package org.ncclkit.htmlreport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** Maps data to pixels along one axis and chooses its ticks: bytes on a log-2 scale, or a linear scale from zero. */
record Axis(double min, double max, boolean logarithmic, List<Tick> ticks) {
    record Tick(double value, String label) {
    }

    /**
     * Sizes in bytes on a log scale, ticked at most 10 times at powers of 2 whose exponents are multiples of 1, 2, 3, 5
     * or 10 (the smallest step that fits), labelled {@code 8 B}, {@code 4 KiB}, {@code 1 GiB}.
     */
    static Axis bytes(double smallest, double largest) {
        int first = (int) Math.floor(log2(Math.max(smallest, 1)));
        int last = (int) Math.ceil(log2(Math.max(largest, Math.pow(2, first + 1))));
        int step = IntStream.of(1, 2, 3, 5, 10).filter(s -> (last - first) / s + 1 <= 10).findFirst().orElse(10);
        List<Tick> ticks = new ArrayList<>();
        for (int e = Math.ceilDiv(first, step) * step; e <= last; e += step) {
            ticks.add(new Tick(Math.pow(2, e), bytesLabel(e)));
        }
        return new Axis(Math.pow(2, first), Math.pow(2, last), true, ticks);
    }

    /** A linear scale from 0 to a little above {@code largest}, ticked every 1, 2 or 5 times a power of ten (5 to 11 ticks). */
    static Axis linear(double largest) {
        double top = largest > 0 ? largest : 1;
        double raw = top / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
        double max = Math.ceil(top * 1.05 / step) * step;
        List<Tick> ticks = new ArrayList<>();
        for (double v = 0; v <= max + step / 2; v += step) {
            ticks.add(new Tick(v, number(v)));
        }
        return new Axis(0, max, false, ticks);
    }

    /** Seconds from 0 to {@code largest}, linear. */
    static Axis seconds(double largest) {
        Axis linear = linear(largest);
        return new Axis(linear.min(), linear.max(), false,
                linear.ticks().stream().map(t -> new Tick(t.value(), t.label() + " s")).toList());
    }

    /** Where {@code value} falls, from 0 (the axis' start) to 1 (its end). */
    double fraction(double value) {
        if (logarithmic) {
            return (log2(Math.max(value, min)) - log2(min)) / (log2(max) - log2(min));
        }
        return (value - min) / (max - min);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static String bytesLabel(int exponent) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = Math.min(exponent / 10, units.length - 1);
        return (1L << (exponent - unit * 10)) + " " + units[unit];
    }

    static String number(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.2f" : "%.1f", v);
    }
}
