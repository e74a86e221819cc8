package org.ncclkit.htmlreport;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.ncclkit.check.P2pJson;
import org.ncclkit.check.Suspect;

/**
 * The pair matrix of {@code check p2p} as an SVG heat map: one cell per pair of ranks, shaded from light (slow) to dark
 * blue (fast) on a single-hue scale that reads in grey too, flagged pairs outlined in vermilion and marked with a
 * cross, suspect nodes' labels in bold.
 */
final class HeatMap {
    private static final int CELL = 28;
    private static final int MARGIN = 120;

    private HeatMap() {
    }

    /** The caption that explains the shading. */
    static String caption(P2pJson.Document p2p) {
        double best = p2p.pairs().stream().mapToDouble(P2pJson.Pair::bandwidthGbps).max().orElse(1);
        return String.format(Locale.ROOT, "Bandwidth per pair of ranks: darker is faster (the fastest pair %.2f GB/s); "
                + "outlined in vermilion with a cross: flagged slow or wrong; suspect nodes in bold", best);
    }

    static String render(P2pJson.Document p2p) {
        int n = p2p.ranks();
        double best = p2p.pairs().stream().mapToDouble(P2pJson.Pair::bandwidthGbps).max().orElse(1);
        Set<String> suspects = Set.copyOf(p2p.suspects().stream().map(Suspect::node).toList());
        List<String> nodes = p2p.nodes();
        int size = MARGIN + n * CELL + 8;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"pair bandwidth matrix\">%n<title>Bandwidth per pair of ranks (GB/s)</title>%n",
                size, size));
        for (int r = 0; r < n; r++) {
            String node = r < nodes.size() ? nodes.get(r) : "";
            String weight = suspects.contains(node) ? " font-weight=\"bold\"" : "";
            svg.append(String.format(Locale.ROOT, "<text class=\"rank-label\" x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\"%s>%s</text>%n",
                    MARGIN - 6, MARGIN + r * CELL + CELL / 2 + 4, weight, Html.escape(r + " " + node)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\"%s>%d</text>%n",
                    MARGIN + r * CELL + CELL / 2, MARGIN - 8, weight, r));
        }
        for (P2pJson.Pair p : p2p.pairs()) {
            cell(svg, p, p.rankA(), p.rankB(), best);
            cell(svg, p, p.rankB(), p.rankA(), best);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void cell(StringBuilder svg, P2pJson.Pair p, int row, int column, double best) {
        double share = best > 0 ? Math.max(0, Math.min(1, p.bandwidthGbps() / best)) : 0;
        // from #deebf7 (slow) to #08519c (fast): one hue, so lightness alone carries the value
        int red = (int) Math.round(0xde + (0x08 - 0xde) * share);
        int green = (int) Math.round(0xeb + (0x51 - 0xeb) * share);
        int blue = (int) Math.round(0xf7 + (0x9c - 0xf7) * share);
        boolean flagged = p.slowBandwidth() || p.slowLatency() || p.wrong() > 0;
        int x = MARGIN + column * CELL;
        int y = MARGIN + row * CELL;
        svg.append(String.format(Locale.ROOT, "<rect class=\"pair%s\" data-ranks=\"%d-%d\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                        + "fill=\"#%02x%02x%02x\" stroke=\"%s\" stroke-width=\"%s\"><title>ranks %d (%s) and %d (%s): %.2f GB/s, "
                        + "%.1f us%s</title></rect>%n", flagged ? " flagged" : "", p.rankA(), p.rankB(), x, y, CELL - 2,
                CELL - 2, red, green, blue, flagged ? "#D55E00" : "#ffffff", flagged ? "2.5" : "1", p.rankA(), p.nodeA(),
                p.rankB(), p.nodeB(), p.bandwidthGbps(), p.latencyUs(), flagged ? ", flagged" : ""));
        if (flagged) {
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d L%d %d M%d %d L%d %d\" stroke=\"#D55E00\" stroke-width=\"2\"/>%n",
                    x + 7, y + 7, x + CELL - 9, y + CELL - 9, x + CELL - 9, y + 7, x + 7, y + CELL - 9));
        }
    }
}
