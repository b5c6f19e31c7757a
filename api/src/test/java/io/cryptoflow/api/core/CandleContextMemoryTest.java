package io.cryptoflow.api.core;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.db.ApiDatabase;
import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.api.support.ContextFixture;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages of a market WITH context series (liquidations, open interest, funding) answered from memory
 * ({@link KnownContexts}): byte for byte and tag for tag what reading the rows gives, and still so
 * after every kind of replicated change, each cleared only where it can matter.
 */
class CandleContextMemoryTest {

    static final long D0 = 1_764_892_800_000L; // 2025-12-05 00:00 UTC
    static final long STEP = Timeframe.M15.millis();
    static final long T = D0 - 40 * STEP; // 40 candles before midnight, 20 after
    static final int N = 60;
    /** Just above the newest 1m candle (memory marks at most a block above the rows it read as empty). */
    static final long M1_END = T + 7 * STEP + 30 * 60_000L;

    @TempDir
    Path dir;

    ManagedDataSource dataSource;
    ApiDbFixture fixture;
    ContextFixture context;
    CandleReader reader;
    long rev = 2;

    @BeforeEach
    void open() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db")).replica(1, T, T, "snapshot")
                .upsert(Timeframe.M15, BTC, 1, ApiDbFixture.series(Timeframe.M15, T, N))
                .upsert(Timeframe.H1, BTC, 1, ApiDbFixture.series(Timeframe.H1, T, N / 4))
                .upsert(Timeframe.M1, BTC, 1, ApiDbFixture.series(Timeframe.M1, T + 7 * STEP, 30)); // open interest reaches 15 of them
        context = new ContextFixture(fixture.connection())
                .covered(BTC, T + 5_000, D0 + 10 * STEP + 30_000, 1)
                .liquidation(BTC, T + STEP + 10, true, 97_000, 0.5, 1)
                .liquidation(BTC, T + 30 * STEP + 20, false, 97_100, 1.0, 1)
                .liquidation(BTC, D0 + 2 * STEP, true, 98_000, 0.1, 1)
                .openInterest(BTC, T + 2 * STEP, 100, 9_700_000.0, 1)
                .openInterest(BTC, T + 20 * STEP - 60_000, 101, null, 1)
                .openInterest(BTC, D0 + 5 * STEP, 102, 9_800_000.0, 1)
                .funding(BTC, T - 8 * 3_600_000L, 0.0001, 1)
                .funding(BTC, D0, 0.0002, 1);
        fixture.replica(1, T, T + 1, "snapshot");
        dataSource = ApiDbFixture.readPool(dir.resolve("api.db"), 3, "candle-context-memory-test");
        reader = new CandleReader(database(), new RenderCache(1 << 24), new PageCache(16, 1 << 24));
    }

    @AfterEach
    void close() throws Exception {
        dataSource.stop();
        fixture.close();
    }

    ApiDatabase database() {
        return new ApiDatabase(dir.resolve("api.db"), ApiDbFixture.jdbi(dataSource),
                ((ManagedPooledDataSource) dataSource)::purge);
    }

    /** A page of 10 candles opening before {@code before} (exclusive bound: newest open is before - STEP). */
    static CandleQuery page(long before) {
        return new CandleQuery(BTC, Timeframe.M15, 10, before, null, null);
    }

    int fresh = 3;

    /** A page no read asked for yet (so not in the page cache, whose re-check after a commit is SQL). */
    CandleQuery freshPage(long before) {
        return new CandleQuery(BTC, Timeframe.M15, 10, before, T - (fresh++) * STEP, null); // another "from": another page
    }

    /** Reads the whole series (learning every candle and its context), twice: the first read starts the tracker. */
    void learn() {
        for (int i = 0; i < 2; i++) {
            for (Timeframe tf : List.of(Timeframe.M15, Timeframe.H1, Timeframe.M1)) {
                reader.read(new CandleQuery(BTC, tf, 1000, T + N * STEP, null, null), true, false, t -> false);
            }
        }
    }

    /** The same query on a fresh reader (no memory): what the rows and the context reads give. */
    void sameAsRows(CandleQuery q, boolean expectFromMemory) {
        long before = reader.knownContextHits();
        CandleReader fresh = new CandleReader(database(), new RenderCache(1 << 24), new PageCache(16, 1 << 24));
        for (boolean clusters : new boolean[] {true, false}) {
            for (boolean gzip : new boolean[] {true, false}) {
                CandleReader.Result mine = reader.read(q, clusters, gzip, t -> false);
                CandleReader.Result rows = fresh.read(q, clusters, gzip, t -> false);
                assertThat(mine.tag()).as("tag, clusters %s gzip %s", clusters, gzip).isEqualTo(rows.tag());
                assertThat(mine.closedRange()).isEqualTo(rows.closedRange());
                assertThat(new String(mine.page().bytes(clusters), StandardCharsets.UTF_8))
                        .isEqualTo(new String(rows.page().bytes(clusters), StandardCharsets.UTF_8));
                assertThat(mine.page().hasMore()).isEqualTo(rows.page().hasMore());
            }
        }
        if (expectFromMemory) {
            assertThat(reader.knownContextHits()).as("answered from memory").isGreaterThan(before);
        }
    }

    /** Every 10-candle page of the series, and some of an hour. */
    void allPagesSameAsRows() {
        for (long before = T + 3 * STEP; before <= T + N * STEP; before += 7 * STEP) {
            sameAsRows(freshPage(before), false);
        }
        sameAsRows(new CandleQuery(BTC, Timeframe.H1, 5, T + N * STEP, T - (fresh++) * STEP, null), false);
        sameAsRows(new CandleQuery(BTC, Timeframe.M1, 40, M1_END, T - (fresh++) * STEP, null), false);
    }

    void replicated() throws Exception {
        fixture.replica(rev, T, T + rev, "incremental");
        rev++;
    }

    @Test
    void aPageOfAMarketWithContextIsAnsweredFromMemoryAsItsRowsWouldAnswerIt() throws Exception {
        learn();
        sameAsRows(freshPage(T + 12 * STEP), true);
        sameAsRows(freshPage(D0 + 8 * STEP), true);
        sameAsRows(new CandleQuery(BTC, Timeframe.M1, 20, M1_END, T - (fresh++) * STEP, null), true);
        String body = new String(reader.read(page(T + 5 * STEP), true, false, t -> false).page().bytes(true),
                StandardCharsets.UTF_8);
        assertThat(body).contains("\"openInterest\":100").contains("\"liqLongQty\":0.5");
        allPagesSameAsRows();
    }

    @Test
    void aNewOpenInterestSampleShowsOnTheNextReadAndPagesItCannotTouchStayInMemory() throws Exception {
        learn();
        context.openInterest(BTC, T + 8 * STEP - 1_000, 555, 1.0, rev);
        replicated();
        CandleQuery touched = page(T + 12 * STEP);
        assertThat(new String(reader.read(touched, true, false, t -> false).page().bytes(true), StandardCharsets.UTF_8))
                .contains("\"openInterest\":555");
        sameAsRows(touched, false);
        sameAsRows(freshPage(D0 + 8 * STEP), true); // a day later: still from memory
        // 1m candles closing in the 15 minutes after the sample hold it (not only the one holding the sample)
        sameAsRows(new CandleQuery(BTC, Timeframe.M1, 13, M1_END, T + 7 * STEP + 15 * 60_000L, null), false);
        sameAsRows(new CandleQuery(BTC, Timeframe.M1, 12, T + 7 * STEP + 12 * 60_000L, T - (fresh++) * STEP, null),
                true); // 1m candles closing before the sample: still from memory
        allPagesSameAsRows();
        sameAsRows(new CandleQuery(BTC, Timeframe.M1, 40, M1_END, T - (fresh++) * STEP, null), true); // learned again
    }

    @Test
    void aFundingEventShowsOnTheNextRead() throws Exception {
        learn();
        context.funding(BTC, T + 20 * STEP, 0.0007, rev);
        replicated();
        assertThat(new String(reader.read(page(T + 25 * STEP), true, false, t -> false).page().bytes(true),
                StandardCharsets.UTF_8)).contains("0.0007");
        allPagesSameAsRows();
    }

    @Test
    void aLiquidationEventAndGrowingCoverageShowOnTheNextRead() throws Exception {
        learn();
        context.liquidation(BTC, T + 31 * STEP + 5, true, 97_000, 4.25, rev); // into a partition already summed
        replicated();
        assertThat(new String(reader.read(page(T + 35 * STEP), true, false, t -> false).page().bytes(true),
                StandardCharsets.UTF_8)).contains("4.25");
        allPagesSameAsRows();
        sameAsRows(freshPage(T + 12 * STEP), true); // far from the event: still from memory

        context.covered(BTC, T + 5_000, D0 + 15 * STEP + 30_000, rev); // the stream stayed connected
        replicated();
        allPagesSameAsRows();
        context.covered(BTC, D0 + 17 * STEP, D0 + 19 * STEP + 1, rev); // a reconnect
        context.liquidation(BTC, D0 + 17 * STEP + 9, false, 98_000, 6.5, rev); // into the second day's partition
        replicated();
        assertThat(new String(reader.read(page(D0 + 20 * STEP), true, false, t -> false).page().bytes(true),
                StandardCharsets.UTF_8)).contains("6.5");
        allPagesSameAsRows();
        sameAsRows(freshPage(T + 12 * STEP), true);
    }

    @Test
    void aCandleRowChangeAndDeletionsShowOnTheNextRead() throws Exception {
        learn();
        fixture.upsert(Timeframe.M15, BTC, rev, List.of(ApiDbFixture.candle(T + 9 * STEP, 77, true)));
        replicated();
        allPagesSameAsRows();
        try (var st = fixture.connection().createStatement()) {
            st.executeUpdate("DELETE FROM " + Timeframe.M15.table() + " WHERE symbol = '" + BTC.stored()
                    + "' AND time = " + (T + 3 * STEP));
            st.executeUpdate("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (" + rev + ", '"
                    + Timeframe.M15.table() + "', '" + BTC.stored() + "', " + (T + 3 * STEP) + ")");
        }
        replicated();
        allPagesSameAsRows();
        // an open interest sample deleted (retention): its candles lose it
        try (var st = fixture.connection().createStatement()) {
            st.executeUpdate("DELETE FROM open_interest WHERE symbol = '" + BTC.stored() + "' AND time = " + (T + 2 * STEP));
            st.executeUpdate("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (" + rev + ", 'open_interest', '"
                    + BTC.stored() + "', " + (T + 2 * STEP) + ")");
        }
        replicated();
        assertThat(new String(reader.read(page(T + 12 * STEP), true, false, t -> false).page().bytes(true),
                StandardCharsets.UTF_8)).doesNotContain("\"openInterest\":100,");
        allPagesSameAsRows();
    }

    @Test
    void aDroppedLiquidationPartitionShowsOnTheNextRead() throws Exception {
        learn();
        String day1 = io.cryptoflow.common.TradePartition.of(io.cryptoflow.common.PartitionKind.LIQUIDATIONS, BTC, D0)
                .table();
        try (var st = fixture.connection().createStatement()) {
            st.executeUpdate("UPDATE cf_partitions SET dropped = 1, rev = " + rev + " WHERE name = '" + day1 + "'");
            st.executeUpdate("DROP TABLE " + day1);
        }
        replicated();
        allPagesSameAsRows();
    }
}
