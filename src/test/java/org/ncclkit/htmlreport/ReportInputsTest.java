package org.ncclkit.htmlreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.results.Captures;

class ReportInputsTest {
    @TempDir
    Path folder;

    @Test
    void eachKindOfFileIsToldApart() {
        List<ReportInput> inputs = ReportInputs.readAll(List.of(Captures.path(Captures.NCCL_TESTS_SOCKET),
                Captures.path("/org/ncclkit/htmlreport/p2p-bad-node2.json"), Captures.path("/org/ncclkit/monitor/two-nodes.jsonl")));

        assertThat(inputs.get(0)).isInstanceOf(ReportInput.Results.class);
        assertThat(((ReportInput.Pairs) inputs.get(1)).matrix().suspects().getFirst().node()).isEqualTo("vm/node2");
        assertThat(((ReportInput.Monitor) inputs.get(2)).samples()).hasSize(12);
    }

    @Test
    void anUnknownJsonOrACsvRecordingIsNamedWithWhatToDo() throws Exception {
        Path json = folder.resolve("other.json");
        Files.writeString(json, "{\"a\":1}");
        Path csv = folder.resolve("gpus.csv");
        Files.writeString(csv, "time,host\n");

        assertThatThrownBy(() -> ReportInputs.readAll(List.of(json))).hasMessageStartingWith(json + ": a JSON file ncclkit report does not know");
        assertThatThrownBy(() -> ReportInputs.readAll(List.of(csv))).hasMessage(csv + ": a CSV monitor recording cannot be drawn; record with --record FILE.jsonl");
        assertThatThrownBy(() -> ReportInputs.readAll(List.of(folder))).hasMessage(folder + ": not a regular file");
    }

    @Test
    void aValidateDocumentIsReadBackWholeAndAKeyAddedWithinVersion1IsIgnored() throws Exception {
        Path file = ValidateDocument.write(folder.resolve("v.json"), "2026-11-25T21:40:01Z");
        Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{\"added_later\": {\"x\": 1},"));

        ReportInput input = ReportInputs.readAll(List.of(file)).getFirst();

        assertThat(input).isEqualTo(new ReportInput.Validate(file.toString(), ValidateDocument.report("2026-11-25T21:40:01Z")));
    }

    @Test
    void aValidateDocumentFromTheH100GivesItsSuspectWithTheEvidenceAndWhatEachNodeRuns() {
        ReportInput.Validate input = (ReportInput.Validate) ReportInputs.readAll(
                List.of(Captures.path("/org/ncclkit/htmlreport/validate-h100-4sim-node2-one-cpu.json"))).getFirst();

        var nodes = input.report().nodes();
        assertThat(nodes).extracting(n -> n.verdict().name()).containsExactly("PASS", "PASS", "SUSPECT", "PASS");
        assertThat(nodes.get(2).evidence()).hasSize(3).allSatisfy(e -> assertThat(e.line()).contains("slow: 0.2"));
        assertThat(nodes.get(2).software()).containsEntry("GPU model", "NVIDIA H100 80GB HBM3").containsEntry("NCCL", "2.28.9")
                .containsEntry("driver", "580.159.04");
        assertThat(input.report().excluded()).containsExactly("vm/ncclkit-simulated-node-2");
        assertThat(input.report().exitStatus()).isEqualTo(7);
        String html = ValidateSection.render(input, 1);
        assertThat(html).contains("<td class=\"node\">vm/ncclkit-simulated-node-2</td>", "verdict-suspect-row",
                "To leave out: <code>vm/ncclkit-simulated-node-2</code>", "<td>NVIDIA H100 80GB HBM3</td>");
    }

    @Test
    void aValidateDocumentOfAnotherSchemaVersionIsOneClearError() throws Exception {
        Path file = folder.resolve("v2.json");
        Files.writeString(file, "{\"schema\": \"ncclkit.validate/2\", \"hosts\": {\"vm/node-0\": \"PASS\"}}");

        assertThatThrownBy(() -> ReportInputs.readAll(List.of(file))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": schema ncclkit.validate/2, but this ncclkit reads ncclkit.validate/1 only (written by a "
                        + "newer ncclkit?)");
    }

    @Test
    void aTextLogSaysWhatItsNcclInfoLinesSayOfTheSoftware() {
        List<ReportInput> inputs = ReportInputs.readAll(List.of(Captures.path(Captures.NCCL_TESTS_SOCKET), Captures.path(Captures.SEED)));

        SoftwareFacts socket = ((ReportInput.Results) inputs.get(0)).software();
        assertThat(socket).extracting(SoftwareFacts::driver, SoftwareFacts::cuda, SoftwareFacts::plugin, SoftwareFacts::libfabric)
                .containsExactly("supports CUDA 13.0", "13.0", "none: NCCL's own (Socket)", "");
        assertThat(socket.loggedEnvironment()).containsEntry("NCCL_HOSTID", "node0").containsEntry("NCCL_NVLS_ENABLE", "0");
        assertThat(((ReportInput.Results) inputs.get(1)).software()).as("NCCL 2.4.8 and an aws-ofi-nccl that logs no version")
                .extracting(SoftwareFacts::driver, SoftwareFacts::cuda, SoftwareFacts::plugin, SoftwareFacts::libfabric)
                .containsExactly("", "10.0", "aws-ofi-nccl (its version not in the log)", "");
    }

    @Test
    void axisTicksOfBytesArePowersOfTwoWithUnits() {
        Axis axis = Axis.bytes(8, 1L << 30);

        assertThat(axis.ticks()).extracting(Axis.Tick::label).containsExactly("8 B", "64 B", "512 B", "4 KiB",
                "32 KiB", "256 KiB", "2 MiB", "16 MiB", "128 MiB", "1 GiB");
        assertThat(axis.fraction(8)).isZero();
        assertThat(axis.fraction(1L << 30)).isEqualTo(1.0);
        assertThat(Axis.linear(362).ticks()).extracting(Axis.Tick::label).containsExactly("0", "50", "100", "150", "200", "250",
                "300", "350", "400");
        assertThat(Axis.linear(3.03).ticks()).extracting(Axis.Tick::label).containsExactly("0", "0.50", "1", "1.5", "2", "2.5",
                "3", "3.5");
    }

    @Test
    void textIsEscapedInTheReport() {
        assertThat(Html.escape("<script>\"a\"&'b'</script>")).isEqualTo("&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;");
    }
}
