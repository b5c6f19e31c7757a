package io.cryptoflow.collector.store;

import static io.cryptoflow.collector.store.SqlRows.longs;
import static io.cryptoflow.collector.store.SqlRows.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.TradePartition;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liquidation events in day partitions with the trades' catalog and expiry; connected ranges upserted. */
class SqliteLiquidationWriterTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BYBIT", "BTCUSDT");
    private static final long DAY = 86_400_000L;
    private static final long D0 = new TradePartition("BYBIT", LocalDate.of(2026, 12, 1)).dayStart();

    @TempDir
    Path dir;

    private Path db;
    private SqliteCandleWriter writer;

    @BeforeEach
    void start() throws Exception {
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry());
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    private void write(List<LiquidationRow> rows, LiquidationBatch.Coverage coverage) throws Exception {
        writer.submitLiquidations(new LiquidationBatch(BTC, rows, coverage)).get(10, TimeUnit.SECONDS);
    }

    private static LiquidationRow liq(long time, boolean longSide) {
        return new LiquidationRow("BTCUSDT", time, longSide, 97_000.5, 0.25);
    }

    @Test
    void eventsGoToTheirDayAndTheConnectedRangeGrowsUnderOneRevisionPerBatch() throws Exception {
        write(List.of(liq(D0 + 5, true), liq(D0 + DAY + 1, false)), new LiquidationBatch.Coverage(D0, D0 + DAY + 10));
        long rev = writer.lastRevision();
        write(List.of(), new LiquidationBatch.Coverage(D0, D0 + DAY + 10));
        assertThat(writer.lastRevision()).as("nothing new: no revision").isEqualTo(rev);
        write(List.of(), new LiquidationBatch.Coverage(D0, D0 + DAY + 20));
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(longs(c, "SELECT long_side FROM liquidations_bybit_20261201")).containsExactly(1L);
            assertThat(longs(c, "SELECT rev FROM liquidations_bybit_20261202")).containsExactly(rev);
            assertThat(longs(c, "SELECT to_time FROM liquidation_coverage WHERE exchange = 'BYBIT' AND symbol = 'BTCUSDT'"))
                    .containsExactly(D0 + DAY + 20);
            assertThat(longs(c, "SELECT rev FROM liquidation_coverage")).containsExactly(rev + 1);
            assertThat(longs(c, "SELECT count(*) FROM cf_partitions WHERE name LIKE 'liquidations_%'")).containsExactly(2L);
        }
    }

    @Test
    void theExchangesRetentionDropsLiquidationDaysWholeWithItsTradeDays() throws Exception {
        write(List.of(liq(D0 + 5, true), liq(D0 + 2 * DAY, true)), null);
        writer.submitTrades(new TradeBatch(BTC, List.of(new TradeRow("BTCUSDT", 1, D0 + 7, 1.0, 1.0, true))))
                .get(10, TimeUnit.SECONDS);
        long before = writer.lastRevision();

        List<String> dropped = writer.submitTradeExpiry("BYBIT", D0 + DAY).get(10, TimeUnit.SECONDS);

        assertThat(dropped).containsExactlyInAnyOrder("liquidations_bybit_20261201", "trades_bybit_20261201");
        assertThat(writer.lastRevision()).isEqualTo(before + 1);
        write(List.of(liq(D0 + 9, false)), null); // late: its day is gone for good
        try (Connection c = SqliteConnections.openReadOnly(db)) {
            assertThat(strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'liquidations_%'"))
                    .containsExactly("liquidations_bybit_20261203");
            assertThat(longs(c, "SELECT count(*) FROM cf_tombstones")).containsExactly(0L);
        }
    }
}
