package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.aggregation.TradeRetention;
import io.cryptoflow.collector.testing.RecordingTradeSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportAwareGapsTest {

    private static final long DAY = 86_400_000L;
    private static final long D0 = 1_767_225_600_000L; // 2026-01-01T00:00Z, two days before "today"
    private static final long TODAY = D0 + 2 * DAY;
    private static final MarketSymbol BYBIT = MarketSymbol.of("BYBIT", "BTCUSDT");

    private final RecordingTradeSink sink = new RecordingTradeSink();
    private final TradeRecorder recorder = new TradeRecorder(sink, new TradeRetention(Map.of("BYBIT", 7)),
            () -> TODAY + 60_000, ThreadPools.standalone(), 10, 1_000, 3_600_000);
    private final ImportAwareGaps gaps = new ImportAwareGaps(BYBIT);

    /**
     * A restart seeded with a trade of two days ago: REST reaches back only seconds, so the catch-up
     * reports everything since the seed unrecovered — while the import is storing those days. Recorded
     * once it is done, the gap leaves out the days it stored whole.
     */
    @Test
    void aGapReportedDuringTheImportLeavesOutTheDaysItStoredWhole() {
        gaps.holdForImport();
        gaps.unrecovered(D0 + 36_000_000, TODAY + 50_000, recorder);
        assertThat(sink.gaps).as("held while the import runs").isEmpty();
        gaps.storedWhole(D0, D0 + DAY);
        gaps.storedWhole(D0 + DAY, TODAY);
        gaps.importDone(recorder);
        assertThat(sink.gaps).containsExactly(BYBIT + " " + TODAY + ".." + (TODAY + 50_000));
    }

    /** A day between not stored (its file not published) stays in the gap; so does the seed's day after the seed. */
    @Test
    void theDaysNotStoredWholeStayMissing() {
        gaps.holdForImport();
        gaps.storedWhole(D0 - DAY, D0);
        gaps.storedWhole(D0 + DAY, TODAY);
        gaps.importDone(recorder);
        gaps.unrecovered(D0 - 5_000, TODAY + 50_000, recorder);
        assertThat(sink.gaps).containsExactly(BYBIT + " " + D0 + ".." + (D0 + DAY), BYBIT + " " + TODAY + ".." + (TODAY + 50_000));
    }

    /** The first live trade during the import: its gap since the stored trades waits, then starts no earlier than the newest whole day's end. */
    @Test
    void theFirstTradesGapWaitsForTheImportAndStartsAfterTheNewestWholeDay() {
        gaps.holdForImport();
        gaps.first(TODAY + 40_000, recorder);
        assertThat(sink.gaps).isEmpty();
        gaps.storedWhole(D0 + DAY, TODAY);
        gaps.importDone(recorder);
        gaps.importDone(recorder); // a second call (a stopped import) records nothing twice
        assertThat(sink.gaps).containsExactly(BYBIT + " since stored (whole until " + TODAY + ") .." + (TODAY + 40_000));
    }

    /** Without an import (Bitget, or Bybit after it) a gap is recorded as reported. */
    @Test
    void withoutAnImportAGapIsRecordedAsReported() {
        gaps.unrecovered(TODAY + 1_000, TODAY + 9_000, recorder);
        gaps.first(TODAY + 10_000, recorder);
        assertThat(sink.gaps).containsExactly(BYBIT + " " + (TODAY + 1_000) + ".." + (TODAY + 9_000),
                BYBIT + " since stored .." + (TODAY + 10_000));
    }
}
