package org.ncclkit.htmlreport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SVG line chart: series of points over an x axis (bytes on a log scale, or seconds), a y axis from zero, a legend,
 * optional horizontal reference bands (the expected bandwidth with its range), marked points (regressions) and
 * vertical spans (a run's start and end on a time line). Each
 * point carries a {@code <title>} so that hovering shows its values; the SVG is inline, with no script.
 */
final class LineChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 360;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 48;

    /** One line; {@code dashed} for in-place results. */
    record Series(String name, int colour, boolean dashed, List<double[]> points) {
    }

    /** A horizontal line at {@code value} with a shaded band from {@code low} to {@code high}. */
    record Reference(String name, double value, double low, double high) {
    }

    /** A point drawn with a ring and named in the legend (a regression). */
    record Mark(double x, double y, String title) {
    }

    /** A stretch of the x axis drawn as a light band between a solid start line and a dashed end line (a run). */
    record Span(String name, double start, double end) {
    }

    private final String id;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean bytesOnX;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();

    LineChart(String id, String title, String xLabel, String yLabel, boolean bytesOnX) {
        this.id = id;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.bytesOnX = bytesOnX;
    }

    LineChart add(Series s) {
        series.add(s);
        return this;
    }

    LineChart reference(Reference r) {
        references.add(r);
        return this;
    }

    LineChart mark(Mark m) {
        marks.add(m);
        return this;
    }

    LineChart span(Span s) {
        spans.add(s);
        return this;
    }

    String render() {
        double xMin = Double.MAX_VALUE;
        double xMax = 0;
        double yMax = 0;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (Double.isFinite(p[1])) {
                    xMin = Math.min(xMin, p[0]);
                    xMax = Math.max(xMax, p[0]);
                    yMax = Math.max(yMax, p[1]);
                }
            }
        }
        for (Reference r : references) {
            yMax = Math.max(yMax, r.high());
        }
        if (xMin == Double.MAX_VALUE) {
            xMin = bytesOnX ? 1 : 0;
            xMax = bytesOnX ? 2 : 1;
        }
        Axis x = bytesOnX ? Axis.bytes(xMin, xMax) : Axis.seconds(xMax);
        Axis y = Axis.linear(yMax);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" "
                        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n", Html.escape(id), WIDTH,
                HEIGHT + 24 + 18 * (series.size() + references.size() + (marks.isEmpty() ? 0 : 1) + (spans.isEmpty() ? 0 : 1)),
                Html.escape(title)));
        svg.append("<title>").append(Html.escape(title)).append("</title>\n");
        axes(svg, x, y);
        spans.forEach(s -> span(svg, s, x));
        for (Reference r : references) {
            double top = py(y, r.high());
            double bottom = py(y, r.low());
            svg.append(String.format(Locale.ROOT, "<rect class=\"expected-band\" x=\"%d\" y=\"%.1f\" width=\"%d\" "
                    + "height=\"%.1f\" fill=\"#999999\" fill-opacity=\"0.18\"/>%n", LEFT, top, WIDTH - LEFT - RIGHT, Math.max(bottom - top, 0.5)));
            svg.append(String.format(Locale.ROOT, "<line class=\"expected\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"#555555\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"><title>%s</title></line>%n",
                    LEFT, WIDTH - RIGHT, py(y, r.value()), py(y, r.value()), Html.escape(r.name())));
        }
        for (int i = 0; i < series.size(); i++) {
            line(svg, series.get(i), x, y);
        }
        for (Mark m : marks) {
            svg.append(String.format(Locale.ROOT, "<circle class=\"regression\" cx=\"%.1f\" cy=\"%.1f\" r=\"7\" "
                    + "fill=\"none\" stroke=\"#D55E00\" stroke-width=\"2.5\"><title>%s</title></circle>%n",
                    px(x, m.x()), py(y, m.y()), Html.escape(m.title())));
        }
        legend(svg);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The band over the part of the span inside the axis, and each end that falls inside it as a line. */
    private static void span(StringBuilder svg, Span s, Axis x) {
        double from = Math.max(s.start(), x.min());
        double to = Math.min(s.end(), x.max());
        if (from > to) {
            return;
        }
        int bottom = TOP + plotHeight();
        svg.append(String.format(Locale.ROOT, "<g class=\"run-span\" data-run=\"%s\">%n<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                        + "height=\"%d\" fill=\"#56B4E9\" fill-opacity=\"0.15\"/>%n<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
                        + "fill=\"#222222\">%s</text>%n", Html.escape(s.name()), px(x, from), TOP, Math.max(px(x, to) - px(x, from), 1),
                plotHeight(), px(x, from) + 3, TOP + 12, Html.escape(s.name())));
        edge(svg, "run-start", s.name() + " began", s.start(), x, bottom, "");
        edge(svg, "run-end", s.name() + " ended", s.end(), x, bottom, " stroke-dasharray=\"5 3\"");
        svg.append("</g>\n");
    }

    private static void edge(StringBuilder svg, String kind, String title, double at, Axis x, int bottom, String dashes) {
        if (at >= x.min() && at <= x.max()) {
            svg.append(String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
                    + "stroke=\"#222222\" stroke-width=\"1.5\"%s><title>%s at %s s</title></line>%n", kind, px(x, at), px(x, at),
                    TOP, bottom, dashes, Html.escape(title), Axis.number(at)));
        }
    }

    private void axes(StringBuilder svg, Axis x, Axis y) {
        int bottom = TOP + plotHeight();
        svg.append(String.format(Locale.ROOT, "<g class=\"axes\" font-size=\"11\" fill=\"#222222\">%n"));
        for (Axis.Tick t : y.ticks()) {
            double ty = py(y, t.value());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, WIDTH - RIGHT, ty, ty, LEFT - 6,
                    ty + 4, Html.escape(t.label())));
        }
        for (Axis.Tick t : x.ticks()) {
            double tx = px(x, t.value());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#e0e0e0\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", tx, tx, TOP, bottom, tx, bottom + 16,
                    Html.escape(t.label())));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#222222\"/>%n",
                LEFT, WIDTH - RIGHT, bottom, bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#222222\"/>%n",
                LEFT, LEFT, TOP, bottom));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, bottom + 34, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                TOP + plotHeight() / 2, TOP + plotHeight() / 2, Html.escape(yLabel)));
        svg.append("</g>\n");
    }

    private void line(StringBuilder svg, Series s, Axis x, Axis y) {
        String colour = Palette.colour(s.colour());
        StringBuilder path = new StringBuilder();
        for (double[] p : s.points()) {
            if (Double.isFinite(p[1])) {
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px(x, p[0]), py(y, p[1])));
            }
        }
        svg.append(String.format(Locale.ROOT, "<g class=\"series\" data-series=\"%s\">%n", Html.escape(s.name())));
        svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", path,
                colour, s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
        for (double[] p : s.points()) {
            if (Double.isFinite(p[1])) {
                marker(svg, Palette.marker(s.colour()), px(x, p[0]), py(y, p[1]), colour, s.dashed(),
                        s.name() + ": " + (bytesOnX ? Axis.number(p[0]) + " B" : Axis.number(p[0]) + " s") + ", "
                                + String.format(Locale.ROOT, "%.2f", p[1]));
            }
        }
        svg.append("</g>\n");
    }

    private static void marker(StringBuilder svg, String shape, double cx, double cy, String colour, boolean hollow, String title) {
        String fill = hollow ? "#ffffff" : colour;
        String body = switch (shape) {
            case "square" -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"6\"", cx - 3, cy - 3);
            case "triangle" -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f Z\"", cx, cy - 4, cx + 4, cy + 3, cx - 4, cy + 3);
            case "diamond" -> String.format(Locale.ROOT, "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f %.1f Z\"", cx, cy - 4, cx + 4, cy, cx, cy + 4, cx - 4, cy);
            default -> String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\"", cx, cy);
        };
        svg.append(body).append(String.format(Locale.ROOT, " fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"><title>%s</title>%s%n",
                fill, colour, Html.escape(title), body.startsWith("<circle") ? "</circle>" : body.startsWith("<rect") ? "</rect>" : "</path>"));
    }

    private void legend(StringBuilder svg) {
        int y = HEIGHT + 12;
        svg.append("<g class=\"legend\" font-size=\"12\" fill=\"#222222\">\n");
        for (Series s : series) {
            String colour = Palette.colour(s.colour());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
                    LEFT, LEFT + 28, y, y, colour, s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            marker(svg, Palette.marker(s.colour()), LEFT + 14, y, colour, s.dashed(), s.name());
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT + 36, y + 4, Html.escape(s.name())));
            y += 18;
        }
        for (Reference r : references) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#555555\" stroke-width=\"1.5\" "
                    + "stroke-dasharray=\"2 3\"/><text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, LEFT + 28, y, y, LEFT + 36, y + 4,
                    Html.escape(r.name())));
            y += 18;
        }
        if (!spans.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#222222\" "
                    + "stroke-width=\"1.5\"/><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#222222\" stroke-width=\"1.5\" "
                    + "stroke-dasharray=\"5 3\"/><text x=\"%d\" y=\"%d\">a run: solid where it began, dashed where it ended, "
                    + "shaded between</text>%n", LEFT + 4, LEFT + 4, y - 7, y + 7, LEFT + 22, LEFT + 22, y - 7, y + 7, LEFT + 36, y + 4));
            y += 18;
        }
        if (!marks.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"none\" stroke=\"#D55E00\" "
                    + "stroke-width=\"2.5\"/><text x=\"%d\" y=\"%d\">regression (more than the tolerance below the first run)</text>%n",
                    LEFT + 14, y, LEFT + 36, y + 4));
        }
        svg.append("</g>\n");
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    private static double px(Axis x, double value) {
        return LEFT + x.fraction(value) * (WIDTH - LEFT - RIGHT);
    }

    private static double py(Axis y, double value) {
        return TOP + (1 - y.fraction(value)) * plotHeight();
    }
}
