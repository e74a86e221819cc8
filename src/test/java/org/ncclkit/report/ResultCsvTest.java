package org.ncclkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.ResultRow;

class ResultCsvTest {

    @Test
    void writesAHeaderThenOneLinePerPlacementWithFullPrecision() {
        assertThat(ResultCsv.render(new Runs().report())).isEqualTo("""
                collective,size_bytes,count,type,redop,root,placement,time_us,algbw_gbps,busbw_gbps,wrong,timestamp
                all_reduce,8,2,float,sum,-1,out_of_place,19.9,0.000402,0.000704,0,
                all_reduce,8,2,float,sum,-1,in_place,18.96,0.000422,0.000738,0,
                """);
    }

    @Test
    void leavesWrongEmptyWhenNotCheckedAndCarriesTheTimestamp() {
        Runs run = new Runs();
        run.rows = List.of(new ResultRow(1048576, 262144, "float", "none", 0, new Measurement(25, 41.5, 72, null, null),
                new Measurement(24, 43, 76, null, null), 20, "2026-07-10 12:00:00"));

        assertThat(ResultCsv.render(run.report()).lines().skip(1)).containsExactly(
                "all_reduce,1048576,262144,float,none,0,out_of_place,25,41.5,72,,2026-07-10 12:00:00",
                "all_reduce,1048576,262144,float,none,0,in_place,24,43,76,,2026-07-10 12:00:00");
    }

    @Test
    void quotesFieldsWithCommasQuotesOrLineBreaksAndDoublesQuotes() {
        assertThat(ResultCsv.field("sum")).isEqualTo("sum");
        assertThat(ResultCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(ResultCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ResultCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void quotingAppliesToEveryColumn() {
        Runs run = new Runs();
        run.rows = List.of(new ResultRow(8, 2, "float", "my,op", -1, new Measurement(1, 1, 1, 0L, null),
                new Measurement(1, 1, 1, 0L, null), 20, null));

        assertThat(ResultCsv.render(run.report()).lines().skip(1))
                .allSatisfy(line -> assertThat(line).startsWith("all_reduce,8,2,float,\"my,op\",-1,"));
    }
}
