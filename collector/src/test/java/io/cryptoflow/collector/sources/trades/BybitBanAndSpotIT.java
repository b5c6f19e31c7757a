package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitMarket;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.sources.klines.KlineClient;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.log.LoggedRequest;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.dropwizard.util.Duration;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, "Must show": a Bybit 403 met by the trade catch-up stops every request to Bybit (klines and
 * trades, linear and spot: one IP limit) for the ban's 10 minutes; Bybit spot candles carry buy/sell/
 * delta/trade count from the trades seen and null where none were.
 */
class BybitBanAndSpotIT {

    private static final long MINUTE = 60_000L;

    @TempDir
    Path dir;

    private final Instant start = Instant.parse("2026-11-20T09:58:00Z");
    private final ManualClock market = new ManualClock(start);
    private ExchangeSimulator sim;
    private SqliteCandleWriter writer;
    private Path db;
    private final RateGates gates = new RateGates();
    private final MetricRegistry registry = new MetricRegistry();
    private OrderFlowService service;

    @BeforeAll
    static void quietJetty() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    @BeforeEach
    void setUp() throws Exception {
        sim = ExchangeSimulator.builder().clock(market).symbols("BTCUSDT").liveSince(start.minusSeconds(86_400))
                .liveTradesPerMinute(120).enforceRateLimits(false).start();
        db = dir.resolve("collector.db");
        writer = new SqliteCandleWriter(db, 64, new MetricRegistry(), market::millis);
        writer.start();
        OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms");
        Map<ExchangeType, ExchangeConfiguration> venues = new LinkedHashMap<>();
        for (ExchangeType v : List.of(BybitExchanges.LINEAR, BybitExchanges.SPOT)) {
            ExchangeConfiguration c = Sections.tradesOn(sim.wsBaseUrl() + (v == BybitExchanges.LINEAR ? "/v5/public/linear" : "/v5/public/spot"), sim.baseUrl(), sim.baseUrl(), List.of("BTCUSDT"),
                    "footprintDays: 0",
                    "minReconnectDelay: 200ms",
                    "restPageInterval: 5ms");
            venues.put(v, c);
        }
        klines(BybitMarket.linear(sim.baseUrl())); // the kline side registers the exchange's shared gate first
        service = new OrderFlowService(config, venues, writer, registry, HttpClient.newHttpClient(), market, gates);
        service.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        service.stop();
        writer.stop();
        sim.close();
    }

    private KlineClient klines(Market m) {
        return new KlineClient(m, gates.of(m.exchange(), m.rateLimitRules()), HttpClient.newHttpClient(),
                java.time.Duration.ofSeconds(10), new MetricRegistry(), market::millis);
    }

    @Test
    void a403DuringTradeCatchUpStopsEveryBybitRequestForTheBan() throws Exception {
        TradeSequencer linear = service.sequencers().get(MarketSymbol.of("BYBIT", "BTCUSDT"));
        advanceLive(linear, start.toEpochMilli() + MINUTE);
        sim.banBybit(java.time.Duration.ofMinutes(10));
        assertThat(sim.dropWebSockets("/v5/public/linear")).isEqualTo(1);
        market.advance(java.time.Duration.ofMinutes(5)); // a gap the catch-up must fetch
        await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !bybitRequests(403).isEmpty());
        Instant banned = bybitRequests(403).get(0).arrivedAt();
        RateGate gate = gates.of("BYBIT", BybitMarket.linear(sim.baseUrl()).rateLimitRules());
        // the simulator logs the 403 when it answers; the client blocks the gate once it has read that
        // answer, a moment later on its own thread (CI once read the gate in between: blockedUntil 0)
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> gate.blockedUntil() > 0);
        assertThat(gate.blockedUntil() - banned.toEpochMilli()).as("blocked for Bybit's 10 minutes").isGreaterThan(595_000);
        assertThat(gates.of("BYBIT_SPOT", BybitMarket.spot(sim.baseUrl()).rateLimitRules())).isSameAs(gate);

        // klines of both categories and the spot catch-up want to talk to Bybit now
        Thread klineSync = new Thread(() -> {
            try {
                klines(BybitMarket.linear(sim.baseUrl())).fetch("BTCUSDT", Timeframe.M15, null, null, 5);
                klines(BybitMarket.spot(sim.baseUrl())).fetch("BTCUSDT", Timeframe.M15, null, null, 5);
            } catch (Exception e) {
                // interrupted at the end of the test
            }
        });
        klineSync.start();
        sim.dropWebSockets("/v5/public/spot");
        Thread.sleep(6_000);
        klineSync.interrupt();

        List<LoggedRequest> after = sim.requests().where(r -> isBybitRest(r) && r.arrivedAt().isAfter(banned));
        assertThat(after).as("Bybit REST requests after the 403 (klines and trades alike)").isEmpty();
        assertThat(bybitRequests(403)).hasSize(1);
    }

    @Test
    void spotCandlesCarryTradeValuesWhereTradesWereSeenAndNullElsewhere() throws Exception {
        KlineClient spotKlines = klines(BybitMarket.spot(sim.baseUrl()));
        // the kline side stores the exchange's candles as the market worker does (no taker data in them)
        writer.submit(new CandleBatch(MarketSymbol.of("BYBIT_SPOT", "BTCUSDT"), Timeframe.M15,
                spotKlines.fetch("BTCUSDT", Timeframe.M15, null, null, 200), WriteMode.KLINE_NO_TAKER)).get();
        TradeSequencer spot = service.sequencers().get(MarketSymbol.of("BYBIT_SPOT", "BTCUSDT"));
        long tenOClock = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        advanceLive(spot, tenOClock + 16 * MINUTE);
        Thread.sleep(500); // a flush

        TradeTape tape = sim.tape(io.cryptoflow.simulator.market.Venue.BYBIT_SPOT, "BTCUSDT").orElseThrow();
        BigDecimal buy = BigDecimal.ZERO;
        BigDecimal sell = BigDecimal.ZERO;
        long count = 0;
        for (long m = tenOClock / MINUTE; m < (tenOClock + 15 * MINUTE) / MINUTE; m++) {
            for (SimTrade t : tape.tradesOfMinute(m)) {
                BigDecimal q = tape.spec().qty(t.qtyUnits());
                buy = t.takerBuy() ? buy.add(q) : buy;
                sell = t.takerBuy() ? sell : sell.add(q);
                count++;
            }
        }
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT buy_volume, sell_volume, delta, trade_count FROM candles_15"
                    + " WHERE symbol = 'BYBIT_SPOT:BTCUSDT' AND time = " + tenOClock)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getDouble(1)).isCloseTo(buy.doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(rs.getDouble(2)).isCloseTo(sell.doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(rs.getDouble(3)).isCloseTo(buy.subtract(sell).doubleValue(), org.assertj.core.data.Offset.offset(1e-9));
                assertThat(rs.getLong(4)).isEqualTo(count);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(buy_volume IS NULL AND sell_volume IS NULL"
                    + " AND delta IS NULL AND trade_count IS NULL) FROM candles_15"
                    + " WHERE symbol = 'BYBIT_SPOT:BTCUSDT' AND time < " + (start.toEpochMilli() - 15 * MINUTE))) {
                assertThat(rs.getLong(1)).as("kline-only candles").isGreaterThan(80);
                assertThat(rs.getLong(2)).as("of them with taker fields null, never 0").isEqualTo(rs.getLong(1));
            }
        }
    }

    private List<LoggedRequest> bybitRequests(int status) {
        return sim.requests().where(r -> isBybitRest(r) && r.status() == status);
    }

    private static boolean isBybitRest(LoggedRequest r) {
        return r.path().startsWith("/v5/market/");
    }

    /** Moves the market clock in small steps so the live stream delivers every trade up to {@code until}. */
    private void advanceLive(TradeSequencer seq, long until) throws InterruptedException {
        // Bybit sends no snapshot on subscribe: tick the market until the subscription delivers its first trade
        for (int i = 0; i < 100 && seq.lastTime() == Long.MIN_VALUE; i++) {
            market.advance(java.time.Duration.ofMillis(500));
            Thread.sleep(100);
        }
        while (market.millis() < until) {
            market.advance(java.time.Duration.ofSeconds(5));
            long target = market.millis() - 2_000;
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !seq.isCatchingUp() && seq.lastTime() >= target);
        }
    }
}
