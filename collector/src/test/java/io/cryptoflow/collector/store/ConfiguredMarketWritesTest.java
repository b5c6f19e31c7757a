package io.cryptoflow.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.common.SqliteConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code configured_markets} as the writer keeps it across start-ups with changing configurations. */
class ConfiguredMarketWritesTest {

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000);
    private Path db;
    private SqliteCandleWriter writer;

    @BeforeEach
    void start() throws Exception {
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 4, new MetricRegistry(), now::get);
        writer.start();
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    private void configure(Map<String, String> markets) throws Exception {
        writer.submitConfiguredMarkets(markets).get(10, TimeUnit.SECONDS);
    }

    /** "symbol timeframes since active rev" per row, by symbol. */
    private List<String> rows() throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT symbol, timeframes, configured_since, active, rev"
                     + " FROM configured_markets ORDER BY symbol")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getInt(4) + " " + rs.getLong(5));
            }
            return out;
        }
    }

    @Test
    void recordsTheConfiguredMarketsUnderOneRevision() throws Exception {
        configure(Map.of("BINANCE:BTCUSDT", "15,60", "BYBIT:ETHUSDT", "60"));

        assertThat(rows()).containsExactly("BINANCE:BTCUSDT 15,60 1000 1 1", "BYBIT:ETHUSDT 60 1000 1 1");
        assertThat(writer.lastRevision()).isEqualTo(1);
    }

    @Test
    void aRestartWithTheSameConfigurationCostsNoRevision() throws Exception {
        configure(Map.of("BINANCE:BTCUSDT", "15,60"));
        now.set(2_000);
        configure(Map.of("BINANCE:BTCUSDT", "15,60"));

        assertThat(rows()).containsExactly("BINANCE:BTCUSDT 15,60 1000 1 1");
        assertThat(writer.lastRevision()).isEqualTo(1);
    }

    @Test
    void aChangedConfigurationUpdatesTimeframesAndDeactivatesWhatItNoLongerNames() throws Exception {
        configure(Map.of("BINANCE:BTCUSDT", "15,60", "BYBIT:ETHUSDT", "60"));
        now.set(2_000);
        configure(Map.of("BINANCE:BTCUSDT", "1,15,60"));

        // timeframes changed, configured since the first start-up; the dropped market stays, inactive
        assertThat(rows()).containsExactly("BINANCE:BTCUSDT 1,15,60 1000 1 2", "BYBIT:ETHUSDT 60 1000 0 2");

        now.set(3_000);
        configure(Map.of("BINANCE:BTCUSDT", "1,15,60", "BYBIT:ETHUSDT", "60"));
        // configured again: since this start-up
        assertThat(rows()).containsExactly("BINANCE:BTCUSDT 1,15,60 1000 1 2", "BYBIT:ETHUSDT 60 3000 1 3");
    }

    @Test
    void anEmptyConfigurationDeactivatesEverything() throws Exception {
        configure(Map.of("BINANCE:BTCUSDT", "15"));
        configure(Map.of());

        assertThat(rows()).containsExactly("BINANCE:BTCUSDT 15 1000 0 2");
    }
}
