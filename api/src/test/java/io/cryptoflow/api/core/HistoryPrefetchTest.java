package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryPrefetchTest {

    static final long T0 = 1_700_000_100_000L / 900_000 * 900_000;
    static final long STEP = Timeframe.M15.millis();
    static final int N = 2_300;

    @TempDir
    Path dir;

    ManagedDataSource dataSource;
    ApiDbFixture fixture;
    ApiDatabase db;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T0, T0, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T0, N))
                .upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T0, 300));
        dataSource = ApiDbFixture.readPool(dir.resolve("api.db"), 2, "history-prefetch-test");
        db = new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource), ((ManagedPooledDataSource) dataSource)::purge);
    }

    @AfterEach
    void close() throws Exception {
        dataSource.stop();
        fixture.close();
    }

    private CandleReader reader(long closedBytes) {
        return new CandleReader(db, new RenderCache(1 << 20), new PageCache(16, 1 << 20), Duration.ZERO,
                new BuildGate("candle page", 2, 16, Duration.ofSeconds(1)), null, closedBytes);
    }

    @Test
    void afterItsRunsAPageAnywhereInHistoryIsAnsweredFromMemoryAlone() {
        CandleReader reader = reader(64L << 20);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), 64L << 20, 60_000);
        assertThat(prefetch.runOnce()).as("done in one run").isFalse();
        assertThat(prefetch.pagesRead()).isEqualTo((N + 499) / 500 + 1);

        long known = reader.closedCandles().knownHits();
        for (long before : new long[] {T0 + 777 * STEP + 5, T0 + 1_999 * STEP, T0 + 300 * STEP}) {
            CandleQuery q = new CandleQuery(BTC, Timeframe.M15, 500, before, null, null);
            byte[] fromMemory = reader.read(q, true, false, tag -> false).page().bytes(true);
            assertThat(fromMemory).isEqualTo(reader(1 << 20).page(q).bytes(true)); // as read from its rows
        }
        assertThat(reader.closedCandles().knownHits()).as("no page read from rows").isEqualTo(known + 3);

        assertThat(prefetch.runOnce()).isFalse();
        assertThat(prefetch.pagesRead()).as("what memory holds is not read again").isEqualTo((N + 499) / 500 + 1);
    }

    @Test
    void itStopsWhenMemoryIsNearlyFullOrHoldingMoreWouldEvict() {
        long bound = 150_000; // room for a few pages of candles
        CandleReader reader = reader(bound);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), bound, 60_000);
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).isBetween(2L, (long) (N + 499) / 500);
        long pages = prefetch.pagesRead();
        prefetch.runOnce();
        assertThat(prefetch.pagesRead()).as("full or evicting: nothing more read").isEqualTo(pages);
    }

    @Test
    void aRunStopsAtItsSliceAndTheNextGoesOn() {
        CandleReader reader = reader(64L << 20);
        HistoryPrefetch prefetch = new HistoryPrefetch(reader, new SymbolCatalog(db), 64L << 20, 0);
        assertThat(prefetch.runOnce()).as("slice used up").isTrue();
        assertThat(prefetch.pagesRead()).isEqualTo(1);
        while (prefetch.runOnce()) {
            // one page per run
        }
        assertThat(prefetch.pagesRead()).isEqualTo((N + 499) / 500 + 1);
    }
}
