package org.ncclkit.htmlreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.ncclkit.results.Captures;
import org.ncclkit.results.Placement;
import org.ncclkit.results.SizeRow;

/**
 * {@code report}'s loader given the H100's two 1-rank {@code -I 1} runs under {@code mpirun --tag-output}: the tagged
 * text (both runs interleaved) and the first process's {@code -J} JSON are the same run, so they give the same rows.
 */
class TaggedPerIterationInputsTest {
    private static final String FIRST_PROCESS = "[1,0]<stdout>:";

    @Test
    void taggedTextAndTheFirstProcessesPerIterationJsonGiveTheSameRowsWithinThePrintedPrecision() {
        List<ReportInput> inputs = ReportInputs.readAll(List.of(Captures.path(Captures.TAGGED_I1_TEXT),
                Captures.path(Captures.TAGGED_I1_JSON_RANK_0)));
        List<SizeRow> text = ((ReportInput.Results) inputs.get(0)).run().rows();
        List<SizeRow> json = ((ReportInput.Results) inputs.get(1)).run().rows();
        Map<Long, String[]> printed = printedCellsOfTheFirstProcess();

        assertThat(text).hasSize(11).hasSameSizeAs(json);
        assertThat(printed.keySet()).as("the capture's [1,0] rows").hasSize(11);
        for (int i = 0; i < text.size(); i++) {
            SizeRow t = text.get(i);
            SizeRow j = json.get(i);
            String[] cells = printed.get(t.sizeBytes());
            assertThat(List.of(t.sizeBytes(), t.count(), t.type(), t.redop(), t.root()))
                    .isEqualTo(List.of(j.sizeBytes(), j.count(), j.type(), j.redop(), j.root()));
            samePlacement(t.outOfPlace(), j.outOfPlace(), cells, 5, 12, t.sizeBytes() + " B out-of-place");
            samePlacement(t.inPlace(), j.inPlace(), cells, 13, 20, t.sizeBytes() + " B in-place");
        }
    }

    /** Each value of the text equals the JSON's rounded to the decimals the text printed it with. */
    private static void samePlacement(Placement text, Placement json, String[] cells, int time, int cv, String what) {
        assertThat(text.timeMicros()).as(what + " time").isCloseTo(json.timeMicros(), within(halfLastDigit(cells[time])));
        assertThat(text.algorithmBandwidth()).as(what + " algbw")
                .isCloseTo(json.algorithmBandwidth(), within(halfLastDigit(cells[time + 1])));
        assertThat(text.busBandwidth()).as(what + " busbw").isCloseTo(json.busBandwidth(), within(halfLastDigit(cells[time + 2])));
        assertThat(text.wrong()).as(what + " #wrong").isEqualTo(json.wrong());
        assertThat(text.cvPercent()).as(what + " i_cv%").isCloseTo(json.cvPercent(), within(halfLastDigit(cells[cv])));
    }

    private static double halfLastDigit(String printed) {
        return 0.5 * Math.pow(10, -Math.max(0, new BigDecimal(printed).scale())) + 1e-9;
    }

    /** The capture's rows of [1,0] as printed, by size: what the test measures the reader's precision against. */
    private static Map<Long, String[]> printedCellsOfTheFirstProcess() {
        return Captures.lines(Captures.TAGGED_I1_TEXT).stream().filter(l -> l.startsWith(FIRST_PROCESS))
                .map(l -> l.substring(FIRST_PROCESS.length()).strip()).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")).collect(Collectors.toMap(c -> Long.parseLong(c[0]), Function.identity()));
    }
}
