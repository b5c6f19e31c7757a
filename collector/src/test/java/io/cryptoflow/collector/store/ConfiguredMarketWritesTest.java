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

    /** A start-up configuring {@code markets} (stored name → timeframes), each with the kinds "trades". */
    private void configure(Map<String, String> markets) throws Exception {
        configure(markets, "trades");
    }

    private void configure(Map<String, String> markets, String kinds) throws Exception {
        writer.submitConfiguredMarkets(markets.entrySet().stream()
                .map(e -> new ConfiguredMarket(e.getKey(), e.getValue(), kinds)).toList()).get(10, TimeUnit.SECONDS);
    }

    /** "symbol timeframes since active rev" per row, by symbol. */
    private List<String> rows() throws SQLException {
        return query("SELECT symbol, timeframes, configured_since, active, rev FROM configured_markets ORDER BY symbol");
    }

    /** "symbol kinds rev" per row, by symbol ("null" for unknown kinds). */
    private List<String> kinds() throws SQLException {
        return query("SELECT symbol, kinds, rev FROM configured_markets ORDER BY symbol");
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cols.add(String.valueOf(rs.getString(i)));
                }
                out.add(String.join(" ", cols));
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

    @Test
    void recordsEachMarketsKinds() throws Exception {
        writer.submitConfiguredMarkets(List.of(new ConfiguredMarket("BINANCE:BTCUSDT", "15", "trades,liquidations,depth"),
                new ConfiguredMarket("BINANCE_SPOT:BTCUSDT", "15", ""))).get(10, TimeUnit.SECONDS);

        assertThat(kinds()).containsExactly("BINANCE:BTCUSDT trades,liquidations,depth 1", "BINANCE_SPOT:BTCUSDT  1");
    }

    @Test
    void aRestartWithChangedKindsStampsANewRevisionAndKeepsConfiguredSince() throws Exception {
        configure(Map.of("BINANCE:BTCUSDT", "15,60", "BYBIT:ETHUSDT", "60"), "trades");
        now.set(2_000);
        // depth switched on: both rows change (one revision), still configured since the first start-up
        configure(Map.of("BINANCE:BTCUSDT", "15,60", "BYBIT:ETHUSDT", "60"), "trades,depth");
        assertThat(kinds()).containsExactly("BINANCE:BTCUSDT trades,depth 2", "BYBIT:ETHUSDT trades,depth 2");
        assertThat(rows()).containsExactly("BINANCE:BTCUSDT 15,60 1000 1 2", "BYBIT:ETHUSDT 60 1000 1 2");

        now.set(3_000);
        configure(Map.of("BINANCE:BTCUSDT", "15,60", "BYBIT:ETHUSDT", "60"), "trades,depth");
        assertThat(writer.lastRevision()).isEqualTo(2);

        // everything switched off but the klines: known to collect none of the kinds
        configure(Map.of("BINANCE:BTCUSDT", "15,60", "BYBIT:ETHUSDT", "60"), "");
        assertThat(kinds()).containsExactly("BINANCE:BTCUSDT  3", "BYBIT:ETHUSDT  3");
    }

    @Test
    void aRowAnOlderCollectorWroteGetsItsKindsAtTheFirstStartUp() throws Exception {
        configure(Map.of("BINANCE:BTCUSDT", "15"));
        try (Connection c = SqliteConnections.openWriter(db); Statement s = c.createStatement()) {
            s.execute("UPDATE configured_markets SET kinds = NULL"); // as the schema upgrade leaves it
        }
        now.set(2_000);
        configure(Map.of("BINANCE:BTCUSDT", "15"), "trades,liquidations");

        assertThat(kinds()).containsExactly("BINANCE:BTCUSDT trades,liquidations 2");
        assertThat(rows()).containsExactly("BINANCE:BTCUSDT 15 1000 1 2");
    }

    @Test
    void aDeactivatedRowKeepsTheKindsItWasCollectedWith() throws Exception {
        configure(Map.of("BINANCE:BTCUSDT", "15"), "trades");
        configure(Map.of(), "depth");

        assertThat(kinds()).containsExactly("BINANCE:BTCUSDT trades 2");
    }
}
