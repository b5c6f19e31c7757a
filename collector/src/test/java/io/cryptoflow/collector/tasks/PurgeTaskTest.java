package io.cryptoflow.collector.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeTaskTest {

    private static final MarketSymbol COLLECTED = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final MarketSymbol DELISTED = MarketSymbol.of("BINANCE", "XYZUSDT");
    private static final long BASE = Timeframe.D1.openTimeOf(1_700_000_000_000L);

    @TempDir
    Path dir;

    private Path db;
    private SqliteCandleWriter writer;
    private PurgeTask task;

    @BeforeEach
    void start() throws Exception {
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry());
        writer.start();
        task = new PurgeTask(writer, Set.of(COLLECTED), Duration.ofSeconds(30));
        for (MarketSymbol m : List.of(COLLECTED, DELISTED)) {
            for (Timeframe tf : List.of(Timeframe.M15, Timeframe.H1)) {
                List<Candle> candles = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    candles.add(Candle.fromTakerBuy(BASE + i * tf.millis(), 1, 2, 0.5, 1.5, 10, 4, 3, true));
                }
                writer.submit(new CandleBatch(m, tf, candles, WriteMode.KLINE)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        writer.stop();
    }

    private String run(String... keyValues) throws Exception {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            parameters.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            task.execute(parameters, w);
        }
        return out.toString();
    }

    /** Every row of every table the collector writes, as text: equal before and after means untouched. */
    private String dump() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement()) {
            for (String table : List.of("candles_15", "candles_60", "candles_240", "candles_1440", "sessions",
                    "cf_state", "cf_tombstones", "collector_no_data")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
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

    private long count(String sql) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    @Test
    void malformedSymbolTimeframeOrBoundIsAnErrorThatLeavesTheDatabaseUntouched() throws Exception {
        String before = dump();

        assertThat(run()).startsWith("error: symbol must be EXCHANGE:SYMBOL");
        assertThat(run("symbol", "XYZUSDT")).startsWith("error: symbol must be EXCHANGE:SYMBOL");
        assertThat(run("symbol", "BINANCE:XYZ-USDT")).startsWith("error: symbol must be EXCHANGE:SYMBOL");
        assertThat(run("symbol", "BINANCE:XYZUSDT:X")).startsWith("error: symbol must be EXCHANGE:SYMBOL");
        assertThat(run("symbol", "BINANCE:XYZUSDT'; DROP TABLE candles_60; --")).startsWith("error: symbol must be EXCHANGE:SYMBOL");
        assertThat(run("symbol", "BINANCE:XYZUSDT", "tf", "2h")).startsWith("error: tf must be one of");
        assertThat(run("symbol", "BINANCE:XYZUSDT", "tf", "candles_60")).startsWith("error: tf must be one of");
        assertThat(run("symbol", "BINANCE:XYZUSDT", "before", "yesterday")).startsWith("error: before must be");

        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void aSymbolWithNothingStoredIsAnErrorAndCostsNoRevision() throws Exception {
        String before = dump();

        assertThat(run("symbol", "BYBIT:NOPEUSDT")).startsWith("error: nothing stored for BYBIT:NOPEUSDT");

        assertThat(dump()).isEqualTo(before);
    }

    @Test
    void aSymbolTheConfigurationStillCollectsIsRefusedUnlessForced() throws Exception {
        String before = dump();

        assertThat(run("symbol", "binance:btcusdt")).startsWith("error: BINANCE:BTCUSDT is still collected");
        assertThat(dump()).isEqualTo(before);

        assertThat(run("symbol", "binance:btcusdt", "force", "true"))
                .startsWith("purged BINANCE:BTCUSDT at rev 5: candles_1=0 candles_5=0 candles_15=4 candles_30=0 candles_60=4 candles_240=0 candles_1440=0 sessions=0 tombstones=8");
        assertThat(count("SELECT count(*) FROM candles_60 WHERE symbol = 'BINANCE:BTCUSDT'")).isZero();
        assertThat(count("SELECT count(*) FROM candles_60 WHERE symbol = 'BINANCE:XYZUSDT'")).isEqualTo(4);
    }

    @Test
    void purgesOneTimeframeBeforeABoundAndAnswersWithTheCounts() throws Exception {
        String out = run("symbol", "BINANCE:XYZUSDT", "tf", "15", "before", Long.toString(BASE + 2 * Timeframe.M15.millis()));

        assertThat(out).startsWith("purged BINANCE:XYZUSDT 15m before " + (BASE + 2 * Timeframe.M15.millis())
                + " at rev 5: candles_15=2 sessions=0 tombstones=2 no-data-ranges=0");
        assertThat(count("SELECT count(*) FROM candles_15 WHERE symbol = 'BINANCE:XYZUSDT'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM candles_60 WHERE symbol = 'BINANCE:XYZUSDT'")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM cf_tombstones WHERE rev = 5 AND tbl = 'candles_15'")).isEqualTo(2);
    }
}
