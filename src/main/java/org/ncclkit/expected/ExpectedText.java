package org.ncclkit.expected;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.ncclkit.collective.Collective;

/** Renders an {@link Expectation} for the terminal: the assumptions first, then one line per collective, then the sources. */
public final class ExpectedText {
    private ExpectedText() {
    }

    public static String render(Expectation expectation) {
        Assumptions a = expectation.assumptions();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Expected bandwidth: %d node%s x %d GPU%s (%d ranks), %s%n", a.nodes(),
                a.nodes() == 1 ? "" : "s", a.gpusPerNode(), a.gpusPerNode() == 1 ? "" : "s", a.ranks(), a.hardware()));
        out.append("Assumptions\n");
        line(out, "GPU", a.gpuModel());
        line(out, "network/node", a.nicsPerNode() == 0 ? "none known"
                : String.format(Locale.ROOT, "%d x %s Gb/s = %.1f GB/s each way", a.nicsPerNode(),
                ExpectedBandwidth.rate(a.nicGbitPerS()), a.networkGbpsPerNode()));
        line(out, "GPU links", String.format(Locale.ROOT, "%d x %s at %.1f GB/s = %.1f GB/s per GPU each way",
                a.gpuLinksPerGpu(), a.gpuLinkKind(), a.gpuLinkGbps(), a.gpuLinkGbpsPerGpu()));
        line(out, "NVLS", a.nvls() ? "on" : "off");
        line(out, "algorithm", a.algorithm());
        String label = "calibration";
        for (Assumptions.CalibrationValue c : a.calibrations()) {
            line(out, label, String.format(Locale.ROOT, "%s %s (%s to %s): %s", c.name(), number(c.unit(), c.nominal()),
                    number(c.unit(), c.low()), number(c.unit(), c.high()), c.basis()));
            label = "";
        }
        out.append(String.format(Locale.ROOT, "%-16s %11s %17s %12s  %s%n", "collective", "busbw GB/s", "range GB/s",
                "half at", "limited by"));
        for (Map.Entry<Collective, CollectiveExpectation> e : expectation.collectives().entrySet()) {
            CollectiveExpectation c = e.getValue();
            out.append(String.format(Locale.ROOT, "%-16s %11.1f %17s %12s  %s%n", e.getKey().label(), c.busbwGbps(),
                    String.format(Locale.ROOT, "%.1f-%.1f", c.lowGbps(), c.highGbps()), size(c.halfBandwidthBytes()),
                    c.limitedBy()));
        }
        out.append("Sources\n");
        List<Source> sources = expectation.sources();
        for (int i = 0; i < sources.size(); i++) {
            out.append(String.format(Locale.ROOT, "  [%d] %s%n      %s%n", i + 1, sources.get(i).title(), sources.get(i).url()));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "  %-14s %s%n", label, value));
    }

    /** Efficiencies as 0.80, start-up times in milliseconds. */
    private static String number(String unit, double value) {
        return unit.equals("s") ? String.format(Locale.ROOT, "%.2f ms", value * 1e3) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }
}
