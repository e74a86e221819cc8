package org.ncclkit.htmlreport;

/**
 * Okabe and Ito's eight colours, told apart by readers with any of the common colour-vision deficiencies; series are
 * also told apart by marker shape and (for in-place) a dashed line, so no chart relies on colour alone.
 */
final class Palette {
    private static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
            "#F0E442", "#000000"};
    private static final String[] MARKERS = {"circle", "square", "triangle", "diamond"};

    private Palette() {
    }

    static String colour(int series) {
        return COLOURS[Math.floorMod(series, COLOURS.length)];
    }

    static String marker(int series) {
        return MARKERS[Math.floorMod(series, MARKERS.length)];
    }
}
