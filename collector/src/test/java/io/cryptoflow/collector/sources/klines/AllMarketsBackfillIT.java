package io.cryptoflow.collector.sources.klines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.collector.exchange.binance.BinanceSpotMarket;
import io.cryptoflow.collector.exchange.bitget.BitgetMarket;
import io.cryptoflow.collector.exchange.bybit.BybitMarket;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.SqliteNoDataLedger;
import io.cryptoflow.collector.store.StoredCandles;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.log.LoggedRequest;
import io.cryptoflow.simulator.market.Kline;
import io.cryptoflow.simulator.market.KlineAggregate;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every market against the exchange simulator's real response shapes (Bybit newest-first, ...). */
class AllMarketsBackfillIT {

    private static final int DAYS = 3;
    private static final List<Timeframe> TFS = List.of(Timeframe.M15, Timeframe.H4, Timeframe.D1);
    private static final HistoryWindows WINDOWS = HistoryWindows.uniform(DAYS);
    /** The finer timeframes, each with its own window (1m: 1 day, 5m: 2, 30m: the default 3). */
    private static final List<Timeframe> FINE = List.of(Timeframe.M1, Timeframe.M5, Timeframe.M30);
    private static final HistoryWindows FINE_WINDOWS = new HistoryWindows(DAYS, Map.of(Timeframe.M1, 1, Timeframe.M5, 2));

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-20T10:37:00Z"));
    private ExchangeSimulator sim;
    private SqliteCandleWriter writer;
    private Path db;

    @BeforeEach
    void setUp() throws Exception {
        sim = ExchangeSimulator.builder().clock(clock).symbols("BTCUSDT", "ETHUSDT").start();
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 8, new MetricRegistry(), clock::millis);
        writer.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        writer.stop();
        sim.close();
    }

    private MarketWorker worker(Market market, List<Timeframe> tfs, HistoryWindows windows) {
        KlineClient client = new KlineClient(market, HttpClient.newHttpClient(), Duration.ofSeconds(10),
                new MetricRegistry(), clock::millis);
        return new MarketWorker(client, writer, new StoredCandles(db), new SqliteNoDataLedger(writer, db),
                new ProgressTracker(new MetricRegistry(), clock::millis), List.of("BTCUSDT", "ETHUSDT"), tfs, windows,
                new WorkerSettings(60_000, 3, 20, 500, 3_600_000), clock::millis);
    }

    private static double num(BigDecimal d) {
        return Double.parseDouble(d.toPlainString());
    }

    private List<Candle> expected(Venue venue, String symbol, Timeframe tf, boolean taker, int days) {
        TradeTape tape = sim.tape(venue, symbol).orElseThrow();
        SymbolSpec spec = tape.spec();
        long now = clock.millis();
        long from = tf.openTimeOf(now - days * 86_400_000L);
        List<Candle> out = new ArrayList<>();
        for (Kline k : sim.marketData().klines(tape, tf.millis(), from, tf.openTimeOf(now), Integer.MAX_VALUE, false)) {
            KlineAggregate a = k.agg();
            double volume = num(spec.qty(a.volume()));
            if (taker) {
                out.add(Candle.fromTakerBuy(k.openTime(), num(spec.price(a.open())), num(spec.price(a.high())),
                        num(spec.price(a.low())), num(spec.price(a.close())), volume, num(spec.qty(a.takerBuyVolume())),
                        a.tradeCount(), k.closed()));
            } else {
                out.add(Candle.withoutTaker(k.openTime(), num(spec.price(a.open())), num(spec.price(a.high())),
                        num(spec.price(a.low())), num(spec.price(a.close())), volume, k.closed()));
            }
        }
        return out;
    }

    private List<Candle> stored(String stored, Timeframe tf) throws Exception {
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT time, open, high, low, close, volume, buy_volume, sell_volume, delta,"
                     + " trade_count, clusters, closed FROM " + tf.table() + " WHERE symbol = '" + stored + "' ORDER BY time")) {
            List<Candle> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Candle(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5),
                        rs.getDouble(6), (Double) rs.getObject(7), (Double) rs.getObject(8), (Double) rs.getObject(9),
                        rs.getObject(10) == null ? null : rs.getLong(10), rs.getString(11), rs.getInt(12) == 1));
            }
            return out;
        }
    }

    private void assertFilled(Market market, Venue venue, boolean taker) throws Exception {
        assertFilled(market, venue, taker, TFS, WINDOWS);
    }

    private void assertFilled(Market market, Venue venue, boolean taker, List<Timeframe> tfs, HistoryWindows windows)
            throws Exception {
        worker(market, tfs, windows).fillAllWindows();
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            for (Timeframe tf : tfs) {
                List<Candle> want = expected(venue, symbol, tf, taker, windows.days(tf));
                assertThat(want).isNotEmpty();
                assertThat(stored(market.exchange() + ":" + symbol, tf))
                        .as("%s %s %s", market.exchange(), symbol, tf.label())
                        .containsExactlyElementsOf(want);
            }
        }
    }

    @Test
    void binanceFuturesFillsItsWindowWithTakerVolumes() throws Exception {
        assertFilled(new BinanceFuturesMarket(sim.baseUrl()), Venue.BINANCE_FUTURES, true);
    }

    @Test
    void binanceSpotFillsItsWindowUnderItsOwnExchangeName() throws Exception {
        assertFilled(new BinanceSpotMarket(sim.baseUrl()), Venue.BINANCE_SPOT, true);
        assertThat(sim.requests().matching("/api/v3/klines")).isNotEmpty();
    }

    @Test
    void bybitLinearNewestFirstListsAreStoredInOrder() throws Exception {
        assertFilled(BybitMarket.linear(sim.baseUrl()), Venue.BYBIT_LINEAR, false);
    }

    @Test
    void bybitSpotFillsItsWindow() throws Exception {
        assertFilled(BybitMarket.spot(sim.baseUrl()), Venue.BYBIT_SPOT, false);
    }

    @Test
    void bitgetFillsItsWindow() throws Exception {
        assertFilled(new BitgetMarket(sim.baseUrl()), Venue.BITGET_FUTURES, false);
    }

    @Test
    void theFinerTimeframesFillTheirOwnWindowsOnEveryMarket() throws Exception {
        assertFilled(new BinanceFuturesMarket(sim.baseUrl()), Venue.BINANCE_FUTURES, true, FINE, FINE_WINDOWS);
        assertFilled(new BinanceSpotMarket(sim.baseUrl()), Venue.BINANCE_SPOT, true, FINE, FINE_WINDOWS);
        assertFilled(BybitMarket.linear(sim.baseUrl()), Venue.BYBIT_LINEAR, false, FINE, FINE_WINDOWS);
        assertFilled(BybitMarket.spot(sim.baseUrl()), Venue.BYBIT_SPOT, false, FINE, FINE_WINDOWS);
        assertFilled(new BitgetMarket(sim.baseUrl()), Venue.BITGET_FUTURES, false, FINE, FINE_WINDOWS);
        assertThat(sim.requests().matching("/v5/market/kline")).anySatisfy(r -> assertThat(r.params()).containsEntry("interval", "1"));
        assertThat(sim.requests().matching("/api/v2/mix/market/candles"))
                .anySatisfy(r -> assertThat(r.params()).containsEntry("granularity", "30m"));
    }

    @Test
    void fiveAndThirtyMinuteCandlesAreTheOneMinuteCandlesOfTheSameTapeAggregated() throws Exception {
        HistoryWindows oneDay = HistoryWindows.uniform(1);
        worker(new BinanceFuturesMarket(sim.baseUrl()), FINE, oneDay).fillAllWindows();
        List<Candle> minutes = stored("BINANCE:BTCUSDT", Timeframe.M1);
        for (Timeframe tf : List.of(Timeframe.M5, Timeframe.M30)) {
            List<Candle> coarse = stored("BINANCE:BTCUSDT", tf);
            assertThat(coarse).isNotEmpty();
            for (Candle c : coarse) {
                List<Candle> inside = minutes.stream()
                        .filter(m -> m.time() >= c.time() && m.time() < c.time() + tf.millis()).toList();
                if (inside.size() < tf.minutes()) {
                    continue; // the window's first candle starts before the 1m window
                }
                assertThat(inside.get(0).open()).as("%s open %d", tf.label(), c.time()).isEqualTo(c.open());
                assertThat(inside.get(inside.size() - 1).close()).isEqualTo(c.close());
                assertThat(inside.stream().mapToDouble(Candle::high).max().orElseThrow()).isEqualTo(c.high());
                assertThat(inside.stream().mapToDouble(Candle::low).min().orElseThrow()).isEqualTo(c.low());
                assertThat(inside.stream().mapToDouble(Candle::volume).sum()).isCloseTo(c.volume(), within(1e-6));
                assertThat(inside.stream().mapToLong(Candle::tradeCount).sum()).isEqualTo(c.tradeCount());
            }
        }
    }

    @Test
    void malformedBybitPageStoresNothingAndIsFetchedAgain() throws Exception {
        sim.faults().enqueue("/v5/market/kline", Fault.malformedJson());

        assertFilled(BybitMarket.linear(sim.baseUrl()), Venue.BYBIT_LINEAR, false);

        List<LoggedRequest> log = sim.requests().matching("/v5/market/kline");
        assertThat(log.get(0).params()).isEqualTo(log.get(1).params());
    }

    @Test
    void bitget429WithRetryAfterSendsNothingForThatSecond() throws Exception {
        sim.faults().enqueue("/api/v2/mix/market/candles", Fault.status(429).retryAfterSeconds(1));

        assertFilled(new BitgetMarket(sim.baseUrl()), Venue.BITGET_FUTURES, false);

        List<LoggedRequest> log = sim.requests().matching("/api/v2/mix/market/candles");
        assertThat(log.get(0).status()).isEqualTo(429);
        assertThat(Duration.between(log.get(0).arrivedAt(), log.get(1).arrivedAt()).toMillis()).isGreaterThanOrEqualTo(950);
    }
}
