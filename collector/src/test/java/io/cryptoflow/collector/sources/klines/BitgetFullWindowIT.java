package io.cryptoflow.collector.sources.klines;


import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.bitget.BitgetMarket;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.SqliteNoDataLedger;
import io.cryptoflow.collector.store.StoredCandles;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.log.LoggedRequest;
import io.cryptoflow.simulator.market.Kline;
import io.cryptoflow.simulator.market.KlineAggregate;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Must show": against a simulator that behaves as Bitget documents (1D on UTC+8, /candles
 * reaching back 30 days for 15m and 60 for 1H, history-candles ≤ 200 rows, spans over 90 days refused,
 * exclusive endTime), BTC/ETH/SOL 15m/1h/4h/1d fill the whole window with 0 missing candles, daily bars
 * at 00:00 UTC, every candle equal to the exchange's bar field by field.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a regression (e.g. pages refused or off the grid) retries forever
class BitgetFullWindowIT {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    private static final List<Timeframe> TFS = List.of(Timeframe.M15, Timeframe.H1, Timeframe.H4, Timeframe.D1);
    private static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-20T10:37:00Z"));
    private ExchangeSimulator sim;
    private SqliteCandleWriter writer;
    private Path db;

    @BeforeEach
    void setUp() throws Exception {
        sim = ExchangeSimulator.builder().clock(clock).symbols(SYMBOLS.toArray(String[]::new))
                .historyTradesPerMinute(1).start();
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry(), clock::millis);
        writer.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        writer.stop();
        sim.close();
    }

    @Test
    void defaultNinetyDayWindowIsFilledCompletely() throws Exception {
        fillAndCheck(90);
    }

    @Test
    void aWindowLongerThanNinetyDaysIsPagedInAllowedSpans() throws Exception {
        fillAndCheck(120);
    }

    private void fillAndCheck(int days) throws Exception {
        KlineClient client = new KlineClient(new BitgetMarket(sim.baseUrl()), HttpClient.newHttpClient(),
                Duration.ofSeconds(20), new MetricRegistry(), clock::millis);
        MarketWorker worker = new MarketWorker(client, writer, new StoredCandles(db), new SqliteNoDataLedger(writer, db),
                new ProgressTracker(new MetricRegistry(), clock::millis), SYMBOLS, TFS, HistoryWindows.uniform(days),
                new WorkerSettings(60_000, 3, 20, 500, 3_600_000), clock::millis);
        worker.fillAllWindows();

        List<LoggedRequest> log = sim.requests().matching("/api/v2/mix/market/");
        // nothing refused (a 429 from the shared 20/s budget is retried after its pause, not an error here)
        assertThat(log).allSatisfy(r -> assertThat(r.status()).as(r.path() + "?" + r.query()).isIn(200, 429));
        assertThat(log).anyMatch(r -> r.path().endsWith("/history-candles"));
        assertThat(log).anyMatch(r -> r.path().endsWith("/candles"));
        for (String symbol : SYMBOLS) {
            for (Timeframe tf : TFS) {
                List<String> want = expected(symbol, tf, days);
                List<String> got = stored("BITGET:" + symbol, tf);
                assertThat(got).as("BITGET %s %s", symbol, tf.label()).hasSize(want.size()).containsExactlyElementsOf(want);
            }
        }
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM candles_1440 WHERE time % 86400000 != 0")) {
            assertThat(rs.getLong(1)).as("daily bars not at 00:00 UTC").isZero();
        }
    }

    /** The exchange's bars on the UTC grid (what 1Dutc, 15m, 1H and 4H serve), as comparable text. */
    private List<String> expected(String symbol, Timeframe tf, int days) {
        TradeTape tape = sim.tape(Venue.BITGET_FUTURES, symbol).orElseThrow();
        SymbolSpec spec = tape.spec();
        long now = clock.millis();
        List<String> out = new ArrayList<>();
        for (Kline k : sim.marketData().klines(tape, tf.millis(), tf.openTimeOf(now - days * DAY), tf.openTimeOf(now),
                Integer.MAX_VALUE, false)) {
            KlineAggregate a = k.agg();
            out.add(row(k.openTime(), spec.price(a.open()).doubleValue(), spec.price(a.high()).doubleValue(),
                    spec.price(a.low()).doubleValue(), spec.price(a.close()).doubleValue(),
                    spec.qty(a.volume()).doubleValue(), k.closed()));
        }
        return out;
    }

    private List<String> stored(String symbol, Timeframe tf) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT time, open, high, low, close, volume, closed FROM " + tf.table()
                     + " WHERE symbol = '" + symbol + "' ORDER BY time")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getInt(7) == 1));
            }
            return out;
        }
    }

    private static String row(long time, double o, double h, double l, double c, double v, boolean closed) {
        return time + " o=" + o + " h=" + h + " l=" + l + " c=" + c + " v=" + v + (closed ? "" : " forming");
    }
}
