package io.cryptoflow.bench.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.bench.load.WrkRun;
import io.cryptoflow.bench.report.ResultTable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackfillBusyReportTest {

    private static BackfillReaders.Slice slice(String phase, double p99Ms) {
        return new BackfillReaders.Slice(phase, true, new WrkRun.Result(20_000, 10, 1, p99Ms, 2 * p99Ms, 0, 1 << 20));
    }

    private static BackfillBusyScenario.Outcome outcome(int index, double seconds, List<BackfillReaders.Slice> slices) {
        return new BackfillBusyScenario.Outcome(BackfillBusyScenario.CASES.get(index), seconds, Duration.ofMinutes(3), 0,
                "", 5, slices);
    }

    @Test
    void eachCaseIsComparedWithTheQuietTimeAndTheWorstSliceWithTheIdleP99() {
        List<ResultTable> tables = BackfillBusyReport.tables(30, List.of(outcome(0, 40, List.of()),
                outcome(1, 50, List.of()),
                outcome(2, Double.NaN, List.of(slice("backfill, readers' 0-10 s", 9), slice("backfill, readers' 10-20 s", 13),
                        slice(BackfillBusyScenario.IDLE_BUSY, 10), slice(BackfillBusyScenario.IDLE_QUIET, 8)))));
        String summary = tables.get(0).toMarkdown();
        assertThat(summary).contains("| quiet | 40.0 | 1.00× |")
                .contains("| one core busy | 50.0 | 1.25× | yes |")
                // not complete: no ratio, not met; worst slice 13 ms vs 10 ms idle with the loop still running
                .contains("| " + BackfillBusyScenario.CASES.get(2).name() + " | not complete after 180 | – | NO | 0.0 | 13.0 | 10.0 | 1.30× | NO | 2000 | 2000 | 0 / 0 |");
        assertThat(tables.get(1).toMarkdown()).contains("| " + BackfillBusyScenario.IDLE_QUIET + " |  | 2000 |");
    }
}
