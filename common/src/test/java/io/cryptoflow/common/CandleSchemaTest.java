package io.cryptoflow.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandleSchemaTest {

    @TempDir
    Path dir;

    @Test
    void createsTheOldToolsTablesWithUniqueSymbolTimeAndIsIdempotent() throws SQLException {
        Path db = dir.resolve("collector.db");
        try (Connection c = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(c);
            CandleSchema.apply(c);
            assertThat(CandleSchema.userVersion(c)).isEqualTo(CandleSchema.VERSION);
            assertThat(columns(c, "candles_60")).containsSubsequence(
                    "id", "symbol", "time", "open", "high", "low", "close", "volume",
                    "buy_volume", "sell_volume", "delta", "trade_count", "clusters");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO candles_60(symbol, time, open, high, low, close) VALUES ('BINANCE:BTCUSDT', 0, 1, 1, 1, 1)");
                assertThatThrownBy(() -> s.execute(
                        "INSERT INTO candles_60(symbol, time, open, high, low, close) VALUES ('BINANCE:BTCUSDT', 0, 2, 2, 2, 2)"))
                        .hasMessageContaining("UNIQUE");
                try (var rs = s.executeQuery("SELECT rev, committed_at, busy_events FROM cf_state WHERE id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }

    @Test
    void writerConnectionIsInWalModeAndReadOnlyConnectionCannotWrite() throws SQLException {
        Path db = dir.resolve("collector.db");
        try (Connection w = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(w);
            try (Statement s = w.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (Connection r = SqliteConnections.openReadOnly(db); Statement s = r.createStatement()) {
                assertThatThrownBy(() -> s.execute("DELETE FROM candles_15"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("readonly");
            }
        }
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }
}
