package org.ncclkit.expected;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ncclkit.collective.Collective.ALLTOALL;
import static org.ncclkit.collective.Collective.ALL_GATHER;
import static org.ncclkit.collective.Collective.ALL_REDUCE;
import static org.ncclkit.collective.Collective.SENDRECV;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The model against the published nccl-tests runs that the instance table cites, and its rules for algorithms and links. */
class ExpectedBandwidthTest {
    private static final long GIB = 1L << 30;

    private static NodeHardware instance(String name) {
        return InstanceTable.lookup(name).orElseThrow().hardware();
    }

    private static CollectiveExpectation allReduce(String instance, int nodes, boolean nvls) {
        return ExpectedBandwidth.forCluster(instance(instance), new ClusterShape(nodes, 8, Algorithm.AUTO, nvls)).of(ALL_REDUCE);
    }

    static Stream<Arguments> publishedFigures() {
        return InstanceTable.all().stream().flatMap(type -> type.figures().stream()
                .map(figure -> Arguments.of(type.name() + ": " + figure.what() + " = " + figure.busbwGbps(), type, figure)));
    }

    private static CollectiveExpectation modelFor(InstanceType type, PublishedFigure figure) {
        ClusterShape shape = new ClusterShape(figure.nodes(), type.hardware().gpus(), Algorithm.AUTO, figure.nvls());
        return ExpectedBandwidth.forCluster(type.hardware(), shape).of(figure.collective());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedFigures")
    void everyPublishedFigureOfTheTableLiesWithinTheModelsRange(String name, InstanceType type, PublishedFigure figure) {
        CollectiveExpectation model = modelFor(type, figure);

        assertThat(figure.busbwGbps()).as("%s: %.1f-%.1f GB/s at %d bytes", name, model.lowAt(figure.sizeBytes()),
                model.highAt(figure.sizeBytes()), figure.sizeBytes())
                .isBetween(model.lowAt(figure.sizeBytes()), model.highAt(figure.sizeBytes()));
        assertThat(model.agrees(figure.sizeBytes(), figure.busbwGbps())).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishedFigures")
    void aFigureAQuarterOffFallsOutsideTheRange(String name, InstanceType type, PublishedFigure figure) {
        CollectiveExpectation model = modelFor(type, figure);

        assertThat(model.agrees(figure.sizeBytes(), figure.busbwGbps() * 1.25)).as("25%% high: %s", name).isFalse();
        assertThat(model.agrees(figure.sizeBytes(), figure.busbwGbps() * 0.8)).as("20%% low: %s", name).isFalse();
    }

    @Test
    void everyInstanceTypeCitesItsHardwareAndAtLeastOneRun() {
        assertThat(InstanceTable.names()).contains("p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5e.48xlarge",
                "p5en.48xlarge", "p6-b200.48xlarge");
        for (InstanceType type : InstanceTable.all()) {
            assertThat(type.sources()).as(type.name()).isNotEmpty().allSatisfy(s -> assertThat(s.url()).startsWith("https://"));
            assertThat(type.figures()).as(type.name()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.source().url()).startsWith("https://"));
        }
    }

    @Test
    void twoP4deNodesGiveAbout78GBpsAt2GiBOverTheTree() {
        CollectiveExpectation e = allReduce("p4de.24xlarge", 2, true);

        assertThat(e.busbwAt(2 * GIB)).isCloseTo(78.3, within(2.0));
        assertThat(e.limitedBy()).contains("network tree");
        // 4 x 100 Gb/s is 50 GB/s: only the tree's busbw formula goes above it
        assertThat(e.busbwGbps()).isGreaterThan(50);
    }

    @Test
    void twoP5NodesGiveAbout487GBpsAt16GiBBoundByNvls() {
        CollectiveExpectation e = allReduce("p5.48xlarge", 2, true);

        assertThat(e.busbwAt(16 * GIB)).isCloseTo(487, within(10.0));
        assertThat(e.limitedBy()).contains("NVLS");
    }

    @Test
    void oneH100NodeWithNvlsOffGives360To370() {
        CollectiveExpectation e = allReduce("p5.48xlarge", 1, false);

        assertThat(e.busbwGbps()).isCloseTo(360, within(1.0));
        assertThat(e.lowGbps()).isLessThan(360);
        assertThat(e.highGbps()).isGreaterThan(370);
        assertThat(e.limitedBy()).isEqualTo("NVLink4 ring");
    }

    @Test
    void forcedRingOnTwoNodesStaysBelowTheNicRate() {
        Expectation ring = ExpectedBandwidth.forCluster(instance("p4de.24xlarge"),
                new ClusterShape(2, 8, Algorithm.RING, true));

        assertThat(ring.of(ALL_REDUCE).highGbps()).isLessThan(50);
        assertThat(ring.of(ALL_REDUCE).busbwGbps()).isCloseTo(50 * 0.93, within(0.01));
        assertThat(ring.assumptions().algorithm()).contains("ring only");
    }

    @Test
    void fromThreeNodesTheRingBoundHolds() {
        assertThat(allReduce("p4de.24xlarge", 3, true).busbwGbps()).isCloseTo(50 * 0.93, within(0.01));
        assertThat(allReduce("p4de.24xlarge", 64, true).highGbps()).isLessThan(50);
    }

    @Test
    void collectivesOtherThanAllReduceRunTheRingOnTwoNodes() {
        Expectation p4de = ExpectedBandwidth.forCluster(instance("p4de.24xlarge"), ClusterShape.of(2, 8));

        assertThat(p4de.of(ALL_GATHER).busbwGbps()).isCloseTo(46.5, within(0.01));
        // alltoall: each of the 8 GPUs sends 8/16 of its data off the node; busbw = 50 x 0.93 x 15 / (8 x 8)
        assertThat(p4de.of(ALLTOALL).busbwGbps()).isCloseTo(50 * 0.93 * 15 / 64, within(0.01));
        // sendrecv: one GPU per node crosses, over the one NIC next to it
        assertThat(p4de.of(SENDRECV).busbwGbps()).isCloseTo(12.5 * 0.93, within(0.01));
        assertThat(p4de.collectives().keySet()).containsExactlyElementsOf(ExpectedBandwidth.COLLECTIVES);
    }

    @Test
    void halfOfTheBandwidthIsReachedWhereTheStartUpTimeEqualsTheTransferTime() {
        CollectiveExpectation e = allReduce("p4de.24xlarge", 2, true);
        double algbw = e.busbwGbps() / (2.0 * 15 / 16);

        assertThat(e.halfBandwidthBytes()).isCloseTo(Math.round(algbw * 1e9 * 0.5e-3), within(1L));
        assertThat(e.busbwAt(e.halfBandwidthBytes())).isCloseTo(e.busbwGbps() / 2, within(0.01));
        assertThat(e.busbwAt(1L << 40)).isCloseTo(e.busbwGbps(), within(0.1));
        // the published curve crosses half of its peak between 16 and 32 MiB
        assertThat(e.lowHalfBandwidthBytes()).isGreaterThan(16L << 20);
        assertThat(e.highHalfBandwidthBytes()).isLessThan(32L << 20);
    }

    @Test
    void fewerGpusPerNodeUseOnlyTheNicsNextToThem() {
        assertThat(ExpectedBandwidth.nicsUsed(instance("p5.48xlarge"), 4)).isEqualTo(16);
        assertThat(ExpectedBandwidth.nicsUsed(instance("p4d.24xlarge"), 1)).isEqualTo(1);
        Expectation e = ExpectedBandwidth.forCluster(instance("p5.48xlarge"), ClusterShape.of(4, 4));
        assertThat(e.assumptions().nicsPerNode()).isEqualTo(16);
        assertThat(e.assumptions().networkGbpsPerNode()).isEqualTo(200);
    }

    @Test
    void moreGpusPerNodeThanTheNodeHasIsRefused() {
        assertThatThrownBy(() -> ExpectedBandwidth.forCluster(instance("p5.48xlarge"), ClusterShape.of(2, 16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 GPUs per node")
                .hasMessageContaining("has 8");
    }

    @Test
    void severalNodesWithoutAKnownNetworkAreRefused() {
        NodeHardware noNics = instance("p5.48xlarge").withNics(0, 0);

        assertThatThrownBy(() -> ExpectedBandwidth.forCluster(noNics, ClusterShape.of(2, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no network device");
        assertThat(ExpectedBandwidth.forCluster(noNics, ClusterShape.of(1, 8)).of(ALL_REDUCE).busbwGbps()).isPositive();
    }

    @Test
    void oneGpuInAllIsRefused() {
        assertThatThrownBy(() -> ClusterShape.of(1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one GPU in all");
    }

    @Test
    void ncclAlgoChoosesTheAlgorithm() {
        assertThat(Algorithm.fromNcclAlgo("Ring")).isEqualTo(Algorithm.RING);
        assertThat(Algorithm.fromNcclAlgo("tree")).isEqualTo(Algorithm.TREE);
        assertThat(Algorithm.fromNcclAlgo("Tree,Ring")).isEqualTo(Algorithm.AUTO);
        assertThat(Algorithm.fromNcclAlgo(null)).isEqualTo(Algorithm.AUTO);
    }

    @Test
    void sourcesNameTheInstancePageAndEveryCalibrationRun() {
        Expectation e = ExpectedBandwidth.forCluster(instance("p5.48xlarge"), ClusterShape.of(2, 8));

        assertThat(e.sources()).contains(Sources.AWS_P5, Sources.AWSOME_NCCL_TESTS, Sources.NCCL_2140).doesNotHaveDuplicates();
        assertThat(e.sources()).doesNotContain(Sources.AWS_P4);
    }
}
