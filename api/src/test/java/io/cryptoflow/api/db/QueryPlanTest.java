package io.cryptoflow.api.db;

import static io.cryptoflow.api.support.ApiDbFixture.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.render.RenderCache;
import io.cryptoflow.api.support.ApiDbFixture;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EXPLAIN QUERY PLAN of the SQL the production DAOs run (their methods are called and the
 * statements captured as rendered by Jdbi): candle pages and market listings search the
 * (symbol, time) index and never scan a table or sort; live changes use the rev index.
 */
class QueryPlanTest {

    @TempDir
    static Path dir;

    static final io.cryptoflow.common.TradePartition DEPTH = new io.cryptoflow.common.TradePartition(
            io.cryptoflow.common.PartitionKind.DEPTH, "BINANCE", java.time.LocalDate.of(2026, 12, 2));

    static ApiDbFixture fixture;
    static Jdbi jdbi;

    @BeforeAll
    static void createReplica() throws Exception {
        fixture = ApiDbFixture.create(dir.resolve("api.db"));
        for (Timeframe tf : Timeframe.values()) {
            fixture.upsert(tf, BTC, 1, ApiDbFixture.series(tf, 1_699_920_000_000L, 50));
            fixture.upsert(tf, MarketSymbol.of("bybit", "ethusdt"), 1, ApiDbFixture.series(tf, 1_699_920_000_000L, 50));
        }
        io.cryptoflow.api.support.DepthFixture.snapshot(fixture.connection(), DEPTH.kind(), "binance", "btcusdt",
                DEPTH.dayStart() + 1000, 0.5, 10, 11, new float[] {1}, new float[] {2}, 1);
        io.cryptoflow.api.support.DepthFixture.covered(fixture.connection(), "binance", "btcusdt", DEPTH.dayStart(), DEPTH.dayEnd());
        fixture.connection().createStatement().execute("ANALYZE");
        // after ANALYZE: statistics of one-row tables would make a scan look cheapest
        new io.cryptoflow.api.support.ContextFixture(fixture.connection())
                .covered(BTC, 1_699_920_000_000L, 1_699_920_000_000L + 86_400_000L, 1)
                .liquidation(BTC, 1_699_920_000_000L + 1, true, 1, 1, 1)
                .openInterest(BTC, 1_699_920_000_000L, 1, null, 1)
                .funding(BTC, 1_699_920_000_000L, 0.0001, 1);

        jdbi = Jdbi.create(SqliteConnections.url(dir.resolve("api.db")),
                SqliteConnections.readOnlyConfig().toProperties());
        jdbi.installPlugin(new SqlObjectPlugin());
    }

    @AfterAll
    static void close() throws Exception {
        fixture.close();
    }

    record Captured(String sql, Map<String, Object> binds) {
    }

    /** Runs {@code call} on a handle that records the rendered SQL, then explains each statement. */
    static List<String> plans(java.util.function.Consumer<Handle> call) {
        List<Captured> captured = new ArrayList<>();
        return jdbi.withHandle(h -> {
            h.setSqlLogger(new SqlLogger() {
                @Override
                public void logBeforeExecution(StatementContext ctx) {
                    Map<String, Object> binds = new java.util.LinkedHashMap<>();
                    ctx.getBinding().getNames().forEach(n -> binds.put(n, "x"));
                    captured.add(new Captured(ctx.getRenderedSql(), binds));
                }
            });
            call.accept(h);
            h.setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
            List<String> out = new ArrayList<>();
            for (Captured c : captured) {
                var q = h.createQuery("EXPLAIN QUERY PLAN " + c.sql());
                c.binds().keySet().forEach(name -> q.bind(name, 1L));
                out.add(String.join("\n", q.map((rs, ctx) -> rs.getString("detail")).list()));
            }
            return out;
        });
    }

    @Test
    void candlePageSummaryAndRowsSearchTheSymbolTimeIndexWithoutSorting() {
        for (Timeframe tf : Timeframe.values()) {
            List<String> plans = plans(h -> {
                CandlePageReads dao = new CandlePageReads(h);
                dao.summary(tf, BTC, 0, Long.MAX_VALUE, 10);
                dao.rendered(tf, BTC, 0, Long.MAX_VALUE, 10, new RenderCache(1 << 20));
            });
            assertThat(plans).hasSize(2);
            assertThat(plans).allSatisfy(p -> assertThat(p)
                    .contains("SEARCH " + tf.table() + " USING INDEX sqlite_autoindex_" + tf.table() + "_1 (symbol=? AND time>? AND time<?)")
                    .doesNotContain("SCAN " + tf.table())
                    .doesNotContain("TEMP B-TREE"));
        }
    }

    @Test
    void replicaStampAndSymbolExistenceReadOneIndexEntry() {
        List<String> plans = plans(h -> {
            CandlePageReads dao = new CandlePageReads(h);
            dao.replicaStamp();
            dao.hasAny(Timeframe.H1, BTC);
            h.attach(ChangeDao.class).sourceRev();
        });
        assertThat(plans).hasSize(3);
        assertThat(plans.get(0)).contains("SEARCH cf_replica USING INTEGER PRIMARY KEY");
        assertThat(plans.get(1)).contains("SEARCH candles_60 USING COVERING INDEX").doesNotContain("SCAN candles_60");
        assertThat(plans.get(2)).contains("SEARCH cf_replica USING INTEGER PRIMARY KEY");
    }

    @Test
    void liveChangesAreFoundThroughTheRevIndex() {
        for (Timeframe tf : Timeframe.values()) {
            List<String> plans = plans(h -> h.attach(ChangeDao.class)
                    .changed(tf, 0, 1, List.of(BTC.stored()), 10, new RenderCache(1 << 20)));
            assertThat(plans).hasSize(1);
            assertThat(plans.get(0)).contains("SEARCH " + tf.table() + " USING INDEX " + tf.table() + "_rev (rev>? AND rev<?)")
                    .doesNotContain("SCAN " + tf.table());
        }
    }

    @Test
    void theChangeTrackersCatchUpReadsOnlyTheRowsWrittenSinceThroughTheRevIndex() {
        for (Timeframe tf : Timeframe.values()) {
            List<String> plans = plans(h -> new CandleDao(h).changedIn(tf.table(), 0));
            assertThat(plans).hasSize(1);
            assertThat(plans.get(0)).contains("SEARCH " + tf.table() + " USING INDEX " + tf.table() + "_rev (rev>?)")
                    .doesNotContain("SCAN " + tf.table());
        }
        for (String table : List.of("open_interest", "funding")) {
            List<String> plans = plans(h -> new CandleDao(h).changedIn(table, 0));
            assertThat(plans.get(0)).contains("SEARCH " + table + " USING INDEX " + table + "_rev (rev>?)")
                    .doesNotContain("SCAN " + table);
        }
    }

    @Test
    void marketListingSkipScansInsteadOfReadingEveryCandle() {
        List<String> plans = plans(h -> {
            h.attach(CatalogDao.class).storedSymbols(Timeframe.M15);
            h.attach(CatalogDao.class).timeRange(Timeframe.M15, BTC.stored());
        });
        assertThat(plans).hasSize(2);
        assertThat(plans).allSatisfy(p -> assertThat(p)
                .doesNotContain("SCAN candles_15")
                .doesNotContain("TEMP B-TREE")
                .contains("SEARCH candles_15 USING COVERING INDEX sqlite_autoindex_candles_15_1"));
    }

    @Test
    void depthRowsSearchTheirPartitionsSymbolTimeIndexAndCoverageItsKey() {
        List<String> plans = plans(h -> {
            DepthDao dao = h.attach(DepthDao.class);
            dao.snapshots(DEPTH, "BTCUSDT", 0, Long.MAX_VALUE, s -> { });
            dao.newestAfter(DEPTH, "BTCUSDT", 0);
            dao.covered("BINANCE", "BTCUSDT", 0, Long.MAX_VALUE);
        });
        assertThat(plans).hasSize(3);
        assertThat(plans.subList(0, 2)).allSatisfy(p -> assertThat(p)
                .contains("SEARCH " + DEPTH.table() + " USING INDEX " + DEPTH.table() + "_time (symbol=? AND time>")
                .doesNotContain("TEMP B-TREE"));
        assertThat(plans.get(2)).contains("SEARCH depth_coverage USING INDEX sqlite_autoindex_depth_coverage_1 (exchange=? AND symbol=?");
    }

    @Test
    void candleContextSeeksPerCandleAndReadsOnlyThePageSpan() {
        List<String> plans = plans(h -> {
            CandleContextReads reads = new CandleContextReads(new CandleContextDao(h));
            reads.sources(BTC);
            reads.atCandles(Timeframe.M15, BTC, 0, Long.MAX_VALUE, 10, 900_000, 86_400_000);
            reads.connected(BTC, 0, Long.MAX_VALUE);
            List<String> partitions = reads.liquidationPartitions(BTC, 0, Long.MAX_VALUE);
            reads.maxSeqs(partitions);
            reads.liquidationSums(partitions.get(0), BTC, Timeframe.M15, 0, 10);
            reads.liquidationSums(partitions.get(0), BTC, Timeframe.M15, 5, 10);
            reads.fundingEvents(BTC, 0, Long.MAX_VALUE);
        });
        assertThat(plans).hasSize(8);
        assertThat(plans).allSatisfy(p -> assertThat(p)
                .doesNotContain("SCAN open_interest").doesNotContain("SCAN funding")
                .doesNotContain("SCAN liquidation_coverage").doesNotContain("SCAN liquidations_")
                .doesNotContain("SCAN candles_15"));
        assertThat(plans.get(5)).as("a day's sums the first time").contains("USING INDEX liquidations_binance_20231114_time (symbol=?)");
        assertThat(plans.get(6)).as("only what was added since").contains("USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)");
        assertThat(plans.get(1)).contains("SEARCH o USING INTEGER PRIMARY KEY (rowid=?)")
                .contains("SEARCH open_interest USING COVERING INDEX sqlite_autoindex_open_interest_1")
                .contains("SEARCH funding USING COVERING INDEX sqlite_autoindex_funding_1");
    }

    @Test
    void listingMarketsReturnsEachOnce() {
        List<String> symbols = jdbi.withExtension(CatalogDao.class, dao -> dao.storedSymbols(Timeframe.D1));
        assertThat(symbols).containsExactly("BINANCE:BTCUSDT", "BYBIT:ETHUSDT");
    }
}
