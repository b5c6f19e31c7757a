package io.cryptoflow.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.CollectorApplication;
import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportLegacyCommandIT {

    private static final long H = 3_600_000L;
    private static final long T = 1_700_002_800_000L; // aligned to 1h

    @TempDir
    Path dir;

    private Path legacy;
    private Path collectorDb;

    /** The old tool's schema: no closed, no rev; written with INSERT OR REPLACE. */
    @BeforeEach
    void createLegacyDatabase() throws Exception {
        legacy = dir.resolve("cryptoflow.db");
        collectorDb = dir.resolve("data").resolve("collector.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy); Statement s = c.createStatement()) {
            for (int minutes : new int[] {15, 60, 240, 1440}) {
                s.execute(legacyTable(minutes));
            }
            s.execute("INSERT INTO candles_60 (symbol, time, open, high, low, close, volume, buy_volume, sell_volume,"
                    + " delta, trade_count, clusters) VALUES"
                    + " ('BINANCE:BTCUSDT', " + T + ", 1, 2, 0.5, 1.5, 10, 6, 4, 2, 33, '{\"1.50\":{\"bid\":4.0,\"ask\":6.0}}'),"
                    + " ('BINANCE:BTCUSDT', " + (T + H) + ", 1.5, 2, 1, 1.8, 12, 5, 7, -2, 40, NULL),"
                    + " ('BINANCE:BTCUSDT', " + (T + 2 * H) + ", 1.8, 2.2, 1.7, 2.0, 9, 3, 6, -3, 20, '{\"2\":{\"buy\":3,\"sell\":6}}'),"
                    + " ('BYBIT:ETHUSDT', " + T + ", 10, 11, 9, 10.5, 100, 0, 0, 0, 0, NULL),"
                    + " ('BINANCE:BTCUSDT', " + (T + 3 * H + 123) + ", 1, 1, 1, 1, 1, 0, 0, 0, 0, NULL),"
                    + " ('not a symbol', " + T + ", 1, 1, 1, 1, 1, 0, 0, 0, 0, NULL)");
            s.execute("INSERT INTO candles_1440 (symbol, time, open, high, low, close) VALUES ('BINANCE:BTCUSDT', 1699920000000, 1, 2, 0.5, 1.5)");
        }
    }

    /** The old tool's candle table of {@code minutes}. */
    private static String legacyTable(int minutes) {
        return """
                CREATE TABLE candles_%d (id INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT NOT NULL,
                  time INTEGER NOT NULL, open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL,
                  close REAL NOT NULL, volume REAL DEFAULT 0, buy_volume REAL DEFAULT 0,
                  sell_volume REAL DEFAULT 0, delta REAL DEFAULT 0, trade_count INTEGER DEFAULT 0,
                  clusters TEXT, UNIQUE(symbol, time))""".formatted(minutes);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void copiesValidRowsAndReportsReadWrittenSkippedRejected() throws Exception {
        String before = sha256(legacy);

        ImportLegacyCommand.Report first = ImportLegacyCommand.importInto(legacy, collectorDb);

        assertThat(first).isEqualTo(new ImportLegacyCommand.Report(7, 5, 0, 2));
        try (Connection c = SqliteConnections.openReadOnly(collectorDb); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT symbol, time, buy_volume, sell_volume, delta, trade_count, clusters, closed, rev > 0"
                     + " FROM candles_60 ORDER BY symbol, time")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("BINANCE:BTCUSDT");
            assertThat(rs.getDouble(3)).isEqualTo(6.0);
            assertThat(rs.getDouble(4)).isEqualTo(4.0);
            assertThat(rs.getLong(6)).isEqualTo(33);
            assertThat(rs.getString(7)).isEqualTo("{\"1.5\":{\"buy\":6.0,\"sell\":4.0}}");
            assertThat(rs.getInt(8)).isEqualTo(1);
            assertThat(rs.getBoolean(9)).isTrue();
            rs.next();
            rs.next();
            assertThat(rs.getLong(2)).isEqualTo(T + 2 * H);
            assertThat(rs.getString(7)).isEqualTo("{\"2\":{\"buy\":3.0,\"sell\":6.0}}");
            assertThat(rs.getInt(8)).as("newest old row is re-fetched by the collector").isZero();
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("BYBIT:ETHUSDT");
            // the old tool's zeros for a Bybit kline without trades were never data: imported as NULL
            for (int col = 3; col <= 6; col++) {
                rs.getObject(col);
                assertThat(rs.wasNull()).as("column %d", col).isTrue();
            }
            assertThat(rs.next()).isFalse();
        }
        assertThat(sha256(legacy)).as("old file never modified").isEqualTo(before);

        ImportLegacyCommand.Report second = ImportLegacyCommand.importInto(legacy, collectorDb);

        assertThat(second).isEqualTo(new ImportLegacyCommand.Report(7, 0, 5, 2));
    }

    @Test
    void theOriginalsOneFiveAndThirtyMinuteTablesAreImportedIntoTheSameTables() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy); Statement s = c.createStatement()) {
            for (int minutes : new int[] {1, 5, 30}) {
                s.execute(legacyTable(minutes));
                long step = minutes * 60_000L;
                s.execute("INSERT INTO candles_%d (symbol, time, open, high, low, close, volume, buy_volume, sell_volume,"
                        .formatted(minutes) + " delta, trade_count) VALUES"
                        + " ('BINANCE:BTCUSDT', " + T + ", 1, 2, 0.5, 1.5, 10, 6, 4, 2, " + minutes + "),"
                        + " ('BINANCE:BTCUSDT', " + (T + step) + ", 1.5, 2, 1, 1.8, 12, 5, 7, -2, 40)");
            }
        }

        ImportLegacyCommand.importInto(legacy, collectorDb);

        try (Connection c = SqliteConnections.openReadOnly(collectorDb); Statement s = c.createStatement()) {
            for (int minutes : new int[] {1, 5, 30}) {
                try (ResultSet rs = s.executeQuery("SELECT time, trade_count, closed FROM candles_" + minutes
                        + " WHERE symbol = 'BINANCE:BTCUSDT' ORDER BY time")) {
                    assertThat(rs.next()).as("candles_%d", minutes).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(T);
                    assertThat(rs.getLong(2)).isEqualTo(minutes);
                    assertThat(rs.getInt(3)).isEqualTo(1);
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(T + minutes * 60_000L);
                    assertThat(rs.getInt(3)).as("newest old row is re-fetched by the collector").isZero();
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void runsAsADropwizardCommandWithAConfigFile() throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                dataDir: %s
                exchanges:
                  binance-futures:
                    restUrl: http://127.0.0.1:1
                    symbols: [BTCUSDT]
                logging:
                  level: WARN
                """.formatted(dir.resolve("data")));

        new CollectorApplication().run("import-legacy", legacy.toString(), config.toString());

        try (Connection c = SqliteConnections.openReadOnly(collectorDb); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM candles_60")) {
            assertThat(rs.getLong(1)).isEqualTo(4);
        }
    }
}
