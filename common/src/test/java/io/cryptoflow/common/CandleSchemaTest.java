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

    @Test
    void aVersionOneDatabaseIsMigratedToTheCurrentVersionKeepingEveryRow() throws SQLException {
        Path db = dir.resolve("collector.db");
        try (Connection c = SqliteConnections.openWriter(db); Statement s = c.createStatement()) {
            for (String sql : VERSION_1_DDL) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = 1");
            s.execute("INSERT INTO candles_60(symbol, time, open, high, low, close, clusters, rev) "
                    + "VALUES ('BINANCE:BTCUSDT', 3600000, 1, 2, 0.5, 1.5, '{\"1\":{\"buy\":1,\"sell\":2}}', 7)");
            s.execute("INSERT INTO candles_15(symbol, time, open, high, low, close, rev) VALUES ('BYBIT:ETHUSDT', 900000, 3, 3, 3, 3, 8)");
            s.execute("INSERT INTO sessions(symbol, date, poc, volume, rev) VALUES ('BINANCE:BTCUSDT', '2026-01-02', 1.25, 10, 8)");
            s.execute("INSERT INTO cf_tombstones(rev, tbl, symbol, time) VALUES (5, 'candles_60', 'BINANCE:BTCUSDT', 0)");
            s.execute("UPDATE cf_state SET rev = 8, committed_at = 123, busy_events = 4 WHERE id = 1");
        }
        try (Connection c = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(c);
            assertThat(CandleSchema.userVersion(c)).isEqualTo(CandleSchema.VERSION);
            assertThat(columns(c, "cf_state")).endsWith("tombstones_pruned_rev");
            assertThat(columns(c, "cf_tombstones")).endsWith("deleted_at");
            try (Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT rev, committed_at, busy_events, tombstones_pruned_rev FROM cf_state")) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsExactly(8L, 123L, 4L, 0L);
            }
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT rev, deleted_at FROM cf_tombstones")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(5);
                assertThat(rs.getLong(2)).isZero();
            }
            // version 3: the Bybit kline's taker zeros were never data; Binance's row keeps its values
            try (Statement s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT buy_volume, sell_volume, delta, trade_count, id, rev FROM candles_15 WHERE symbol = 'BYBIT:ETHUSDT'")) {
                rs.next();
                for (int col = 1; col <= 4; col++) {
                    rs.getObject(col);
                    assertThat(rs.wasNull()).as("column %d", col).isTrue();
                }
                assertThat(rs.getLong(6)).isEqualTo(8);
            }
            try (Statement s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT buy_volume, trade_count, clusters FROM candles_60 WHERE symbol = 'BINANCE:BTCUSDT'")) {
                rs.next();
                assertThat(rs.getDouble(1)).isZero();
                assertThat(rs.wasNull()).isFalse();
                assertThat(rs.getString(3)).contains("buy");
            }
        }
        String migrated = dump(db);
        try (Connection c = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(c);
            assertThat(CandleSchema.userVersion(c)).isEqualTo(CandleSchema.VERSION);
        }
        assertThat(dump(db)).isEqualTo(migrated);
    }

    @Test
    void aNewDatabaseGetsTheSameColumnsAsAMigratedOne() throws SQLException {
        try (Connection fresh = SqliteConnections.openWriter(dir.resolve("fresh.db"));
             Connection old = SqliteConnections.openWriter(dir.resolve("old.db"))) {
            CandleSchema.apply(fresh);
            try (Statement s = old.createStatement()) {
                for (String sql : VERSION_1_DDL) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = 1");
            }
            CandleSchema.apply(old);
            for (String table : List.of("cf_state", "cf_tombstones", "candles_1", "candles_5", "candles_15", "candles_30",
                    "candles_60", "candles_240", "candles_1440", "sessions", "configured_markets")) {
                assertThat(columns(old, table)).as(table).isEqualTo(columns(fresh, table));
            }
        }
    }

    @Test
    void aVersionThreeDatabaseGetsTheFinerTimeframesTablesEmptyAndKeepsItsRows() throws SQLException {
        Path db = versionOneDatabase(
                "INSERT INTO candles_15(symbol, time, open, high, low, close, rev) VALUES ('BINANCE:BTCUSDT', 900000, 3, 3, 3, 3, 8)");
        try (Connection c = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(c);
            for (String table : List.of("candles_1", "candles_5", "candles_30")) {
                assertThat(columns(c, table)).as(table).isEqualTo(CandleSchema.CANDLE_COLUMNS);
                try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM candles_15")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void theOldToolsOneMinuteTableKeepsItsRowsWithNullableTakerColumns() throws SQLException {
        // the old tool's candles_1: the same NOT NULL taker columns as its other tables
        Path db = versionOneDatabase(VERSION_1_DDL.get(0).replace("candles_15", "candles_1"),
                "INSERT INTO candles_1(symbol, time, open, high, low, close, buy_volume, trade_count) "
                        + "VALUES ('BINANCE:BTCUSDT', 60000, 1, 2, 0.5, 1.5, 0.25, 3)");
        try (Connection c = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(c);
            assertThat(columns(c, "candles_1")).isEqualTo(CandleSchema.CANDLE_COLUMNS);
            try (Statement s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT time, buy_volume, trade_count FROM candles_1 WHERE symbol = 'BINANCE:BTCUSDT'")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getLong(1), rs.getDouble(2), rs.getLong(3))).containsExactly(60000L, 0.25, 3L);
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO candles_1(symbol, time, open, high, low, close) VALUES ('BYBIT:ETHUSDT', 0, 1, 1, 1, 1)");
                try (var rs = s.executeQuery("SELECT buy_volume FROM candles_1 WHERE symbol = 'BYBIT:ETHUSDT'")) {
                    rs.next();
                    rs.getObject(1);
                    assertThat(rs.wasNull()).isTrue();
                }
            }
        }
    }

    @Test
    void aVersionSixDatabaseGetsTheKindsColumnWithItsRowsUnknown() throws SQLException {
        Path db = dir.resolve("collector.db");
        try (Connection c = SqliteConnections.openWriter(db); Statement s = c.createStatement()) {
            CandleSchema.apply(c);
            // configured_markets as version 6 created it: no kinds column
            s.execute("ALTER TABLE configured_markets DROP COLUMN kinds");
            s.execute("INSERT INTO configured_markets VALUES ('BINANCE:BTCUSDT', '15,60', 1000, 1, 4)");
            s.execute("PRAGMA user_version = 6");

            CandleSchema.apply(c); // the new build's start-up
            assertThat(CandleSchema.userVersion(c)).isEqualTo(CandleSchema.VERSION);
            assertThat(columns(c, ConfiguredMarketSchema.TABLE)).isEqualTo(ConfiguredMarketSchema.COLUMNS);
            try (var rs = s.executeQuery("SELECT symbol, timeframes, rev, kinds FROM configured_markets")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3))).containsExactly("BINANCE:BTCUSDT", "15,60", "4");
                assertThat(rs.getString(4)).isNull();
            }
            CandleSchema.apply(c);
            assertThat(columns(c, ConfiguredMarketSchema.TABLE)).isEqualTo(ConfiguredMarketSchema.COLUMNS);
        }
    }

    @Test
    void refusesADatabaseOfANewerSchemaVersionAndLeavesItAsItWas() throws SQLException {
        Path db = dir.resolve("collector.db");
        try (Connection c = SqliteConnections.openWriter(db)) {
            CandleSchema.apply(c);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA user_version = " + (CandleSchema.VERSION + 1));
            }
            assertThatThrownBy(() -> CandleSchema.apply(c)).isInstanceOf(SQLException.class).hasMessageContaining("newer");
            assertThat(CandleSchema.userVersion(c)).isEqualTo(CandleSchema.VERSION + 1);
        }
    }

    /** collector.db as a version-1 build left it, plus {@code extra} statements. */
    private Path versionOneDatabase(String... extra) throws SQLException {
        Path db = dir.resolve("collector.db");
        try (Connection c = SqliteConnections.openWriter(db); Statement s = c.createStatement()) {
            for (String sql : VERSION_1_DDL) {
                s.execute(sql);
            }
            for (String sql : extra) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = 1");
        }
        return db;
    }

    /** The version-1 DDL exactly as it shipped, to build databases written by the previous build. */
    private static final List<String> VERSION_1_DDL = versionOneDdl();

    private static List<String> versionOneDdl() {
        List<String> ddl = new ArrayList<>();
        for (String t : List.of("candles_15", "candles_60", "candles_240", "candles_1440")) {
            ddl.add("""
                    CREATE TABLE IF NOT EXISTS %s (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      symbol TEXT NOT NULL,
                      time INTEGER NOT NULL,
                      open REAL NOT NULL,
                      high REAL NOT NULL,
                      low REAL NOT NULL,
                      close REAL NOT NULL,
                      volume REAL NOT NULL DEFAULT 0,
                      buy_volume REAL NOT NULL DEFAULT 0,
                      sell_volume REAL NOT NULL DEFAULT 0,
                      delta REAL NOT NULL DEFAULT 0,
                      trade_count INTEGER NOT NULL DEFAULT 0,
                      clusters TEXT,
                      closed INTEGER NOT NULL DEFAULT 1,
                      rev INTEGER NOT NULL DEFAULT 0,
                      UNIQUE(symbol, time)
                    )""".formatted(t));
            ddl.add("CREATE INDEX IF NOT EXISTS %s_rev ON %s(rev)".formatted(t, t));
        }
        ddl.add("""
                CREATE TABLE IF NOT EXISTS sessions (
                  symbol TEXT NOT NULL,
                  date TEXT NOT NULL,
                  poc REAL,
                  vwap REAL,
                  vah REAL,
                  val REAL,
                  volume REAL NOT NULL DEFAULT 0,
                  rev INTEGER NOT NULL DEFAULT 0,
                  PRIMARY KEY(symbol, date)
                )""");
        ddl.add("CREATE INDEX IF NOT EXISTS sessions_rev ON sessions(rev)");
        ddl.add("""
                CREATE TABLE IF NOT EXISTS cf_state (
                  id INTEGER PRIMARY KEY CHECK (id = 1),
                  rev INTEGER NOT NULL,
                  committed_at INTEGER NOT NULL,
                  busy_events INTEGER NOT NULL DEFAULT 0
                )""");
        ddl.add("INSERT OR IGNORE INTO cf_state(id, rev, committed_at, busy_events) VALUES (1, 0, 0, 0)");
        ddl.add("""
                CREATE TABLE IF NOT EXISTS cf_tombstones (
                  rev INTEGER NOT NULL,
                  tbl TEXT NOT NULL,
                  symbol TEXT NOT NULL,
                  time INTEGER NOT NULL
                )""");
        ddl.add("CREATE INDEX IF NOT EXISTS cf_tombstones_rev ON cf_tombstones(rev)");
        return ddl;
    }

    /** Every row of the candle tables and sessions, in key order, as text. */
    private static String dump(Path db) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement()) {
            for (String table : List.of("candles_15", "candles_60", "candles_240", "candles_1440", "sessions", "configured_markets")) {
                try (var rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        sb.append(table);
                        for (int i = 1; i <= n; i++) {
                            sb.append('|').append(rs.getString(i));
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
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
