package org.ncclkit.check;

import java.util.List;

import org.ncclkit.report.Json;

/** The JSON report of {@code check p2p} ({@code --json FILE}): the settings, every pair, the medians and the suspects. */
public final class P2pJson {
    private P2pJson() {
    }

    /** The document, keys in snake_case; GB/s and µs rounded to 3 decimals. */
    public record Document(int ranks, List<String> nodes, long bytes, long latencyBytes, int iterations, double threshold,
                    double latencyThreshold, boolean passed, double bandwidthMedianGbps, double latencyMedianUs, List<Pair> pairs,
                    List<Suspect> suspects) {
    }

    public record Pair(int rankA, int rankB, String nodeA, String nodeB, double bandwidthGbps, double latencyUs, long wrong,
                boolean slowBandwidth, boolean slowLatency) {
    }

    public static String render(PairMatrix m) {
        return Json.write(document(m)) + "\n";
    }

    /** The document of a matrix, as {@link #render} writes it. */
    public static Document document(PairMatrix m) {
        List<Pair> pairs = m.pairs().stream().map(p -> new Pair(p.pair().low(), p.pair().high(), p.lowNode(), p.highNode(),
                rounded(p.bandwidthGBps()), rounded(p.latencyMicros()), p.wrong(), p.slowBandwidth(), p.slowLatency())).toList();
        return new Document(m.ranks(), m.nodes(), m.bytes(), PeerMeasurement.LATENCY_BYTES, m.iterations(),
                m.threshold(), m.latencyThreshold(), m.passed(), rounded(m.bandwidthMedian()), rounded(m.latencyMedian()), pairs, m.suspects());
    }

    /**
     * Reads a report back ({@code ncclkit report} draws it).
     *
     * @throws IllegalArgumentException if {@code json} is not a check p2p report
     */
    public static Document read(String json) {
        try {
            return Json.MAPPER.readValue(json, Document.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not a check p2p report (" + e.getOriginalMessage() + ")");
        }
    }

    /** The matrix a document was written from (to its 3 decimals), so that it prints again as {@link P2pText} printed it. */
    public static PairMatrix matrix(Document d) {
        List<PairResult> pairs = d.pairs().stream().map(p -> new PairResult(RankPair.of(p.rankA(), p.rankB()), p.nodeA(),
                p.nodeB(), p.bandwidthGbps(), p.latencyUs(), p.wrong(), p.slowBandwidth(), p.slowLatency())).toList();
        return new PairMatrix(d.nodes(), d.bytes(), d.iterations(), d.threshold(), d.latencyThreshold(), pairs,
                d.bandwidthMedianGbps(), d.latencyMedianUs(), d.suspects());
    }

    private static double rounded(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
