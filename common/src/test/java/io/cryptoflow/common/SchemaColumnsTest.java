package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The column names other modules' SQL relies on are the ones the DDL creates: the constants in
 * {@link CandleSchema}, {@link DerivativesSchema}, {@link ReplicaSchema} and {@link NoDataSchema} cannot drift from their tables.
 */
class SchemaColumnsTest {

    @TempDir
    Path dir;

    @Test
    void everyDeclaredColumnListMatchesItsTable() throws SQLException {
        try (Connection c = SqliteConnections.openWriter(dir.resolve("schema.db"))) {
            CandleSchema.apply(c);
            try (Statement s = c.createStatement()) {
                s.execute(ReplicaSchema.DDL);
                s.execute(NoDataSchema.DDL);
            }
            for (Timeframe tf : Timeframe.values()) {
                assertThat(CandleSchema.columns(c, tf.table())).isEqualTo(CandleSchema.CANDLE_COLUMNS);
            }
            assertThat(CandleSchema.columns(c, CandleSchema.SESSION_TABLE)).isEqualTo(CandleSchema.SESSION_COLUMNS);
            assertThat(CandleSchema.columns(c, CandleSchema.STATE_TABLE)).isEqualTo(CandleSchema.STATE_COLUMNS);
            assertThat(CandleSchema.columns(c, CandleSchema.TOMBSTONE_TABLE)).isEqualTo(CandleSchema.TOMBSTONE_COLUMNS);
            assertThat(CandleSchema.columns(c, ReplicaSchema.TABLE)).isEqualTo(ReplicaSchema.COLUMNS);
            assertThat(CandleSchema.columns(c, NoDataSchema.TABLE)).isEqualTo(NoDataSchema.COLUMNS);
            assertThat(CandleSchema.columns(c, DerivativesSchema.OPEN_INTEREST_TABLE))
                    .isEqualTo(DerivativesSchema.OPEN_INTEREST_COLUMNS);
            assertThat(CandleSchema.columns(c, DerivativesSchema.FUNDING_TABLE)).isEqualTo(DerivativesSchema.FUNDING_COLUMNS);
            assertThat(CandleSchema.columns(c, ConfiguredMarketSchema.TABLE)).isEqualTo(ConfiguredMarketSchema.COLUMNS);
            assertThat(CandleSchema.columns(c, LiquidationSchema.COVERAGE_TABLE)).isEqualTo(LiquidationSchema.COVERAGE_COLUMNS);
            TradePartition liquidations = new TradePartition(PartitionKind.LIQUIDATIONS, "BYBIT", java.time.LocalDate.of(2026, 12, 5));
            try (Statement s = c.createStatement()) {
                for (String ddl : liquidations.ddl()) {
                    s.execute(ddl);
                }
            }
            assertThat(CandleSchema.columns(c, liquidations.table())).isEqualTo(LiquidationSchema.EVENT_COLUMNS);
            assertThat(CandleSchema.columns(c, DepthSchema.COVERAGE_TABLE)).isEqualTo(DepthSchema.COVERAGE_COLUMNS);
            for (PartitionKind kind : java.util.List.of(PartitionKind.DEPTH, PartitionKind.DEPTH_MINUTE)) {
                TradePartition depth = new TradePartition(kind, "BINANCE", java.time.LocalDate.of(2026, 12, 5));
                try (Statement s = c.createStatement()) {
                    for (String ddl : depth.ddl()) {
                        s.execute(ddl);
                    }
                }
                assertThat(CandleSchema.columns(c, depth.table())).isEqualTo(DepthSchema.SNAPSHOT_COLUMNS);
                assertThat(TradePartition.parse(depth.table())).contains(depth);
            }
        }
    }

    @Test
    void keysAndMarksAreColumnsOfTheirTables() {
        assertThat(CandleSchema.CANDLE_COLUMNS).containsAll(java.util.List.of(CandleSchema.CANDLE_KEY.split(",\\s*")));
        assertThat(CandleSchema.SESSION_COLUMNS).containsAll(java.util.List.of(CandleSchema.SESSION_KEY.split(",\\s*")));
        assertThat(CandleSchema.STATE_COLUMNS).contains(CandleSchema.STATE_PRUNED_REV);
        assertThat(LiquidationSchema.COVERAGE_COLUMNS).containsAll(java.util.List.of(LiquidationSchema.COVERAGE_KEY.split(",\\s*")));
    }

    @Test
    void partitionNamesAreAClosedPatternPerKind() {
        TradePartition liq = TradePartition.parse("liquidations_binance_20261205").orElseThrow();
        assertThat(liq.kind()).isEqualTo(PartitionKind.LIQUIDATIONS);
        assertThat(liq.exchange()).isEqualTo("BINANCE");
        assertThat(liq.table()).isEqualTo("liquidations_binance_20261205");
        assertThat(TradePartition.parse("trades_binance_spot_20261205").orElseThrow().holdsTrades()).isTrue();
        assertThat(TradePartition.parse("liquidations_binance_20261305")).isEmpty();
        assertThat(TradePartition.parse("funding_binance_20261205")).isEmpty();
        assertThat(TradePartition.parse("liquidations_binance_20261205; DROP")).isEmpty();
    }
}
