package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.testing.FakeArchive;
import io.cryptoflow.collector.testing.FakeTradeRest;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.MiniWebSocketServer;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.util.Duration;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bybit history and live trades through the service into a real collector.db via the collector's writer. */
class OrderFlowSqliteTest {

    private static final long DAY = 86_400_000L;
    private static final long JAN1 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    private final List<RawTrade> day1 = RawTrade.series(31, 1, 200, JAN1 + 10, 431_000, "150.00");
    private final List<RawTrade> day2 = RawTrade.series(32, 201, 200, JAN1 + DAY + 10, 431_000, "151.00");
    private final List<RawTrade> today = RawTrade.series(33, 401, 120, JAN1 + 2 * DAY + 10, 4_000, "152.00");

    @Test
    void footprintCandlesInCollectorDbCarryClustersThatSumToTheirVolumeAndTheTradesTakerSides() throws Exception {
        String header = "timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional\n";
        try (FakeArchive archive = new FakeArchive();
             FakeTradeRest rest = new FakeTradeRest("/v5/market/recent-trade", q -> FakeTradeRest.Answer.json(
                     "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":[]}}"));
             MiniWebSocketServer ws = new MiniWebSocketServer()) {
            for (List<RawTrade> day : List.of(day1, day2)) {
                String date = Instant.ofEpochMilli(day.get(0).time()).atZone(ZoneOffset.UTC).toLocalDate().toString();
                archive.publishGzip("/trading/SOLUSDT/SOLUSDT" + date + ".csv.gz", header + day.stream().map(t ->
                        "%d.%03d,SOLUSDT,%s,%s,%s,ZeroPlusTick,%s,1,1,1".formatted(t.time() / 1000, t.time() % 1000,
                                t.takerBuy() ? "Buy" : "Sell", t.qty(), t.price(), t.bybitUuid()))
                        .collect(Collectors.joining("\n")));
            }
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 50ms");
            ExchangeConfiguration bybit = Sections.tradesOn(ws.baseUrl(), rest.baseUrl(), archive.baseUrl(), List.of("SOLUSDT"),
                    "footprintDays: 2");
            MetricRegistry registry = new MetricRegistry();
            Path db = dir.resolve("collector.db");
            SqliteCandleWriter writer = new SqliteCandleWriter(db, 64, registry);
            writer.start();
            OrderFlowService service = new OrderFlowService(config, Map.of(BybitExchanges.LINEAR, bybit), writer, registry, HttpClient.newHttpClient(),
                    Clock.fixed(Instant.ofEpochMilli(JAN1 + 2 * DAY + 600_000), ZoneOffset.UTC));
            service.start();

            MiniWebSocketServer.Conn c = ws.awaitConnection();
            TradeSequencer seq = service.sequencers().get(MarketSymbol.of("BYBIT", "SOLUSDT"));
            await().until(() -> !seq.isCatchingUp());
            for (int i = 0; i < today.size(); i += 4) {
                c.send("{\"topic\":\"publicTrade.SOLUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[" + today.subList(i, i + 4)
                        .stream().map(t -> t.bybitStream("SOLUSDT")).collect(Collectors.joining(",")) + "]}");
            }
            await().until(() -> seq.lastTime() == today.get(today.size() - 1).time());
            await().until(() -> service.backfills().get(0).progress().equals("done"));
            service.stop(); // the collector stops order flow before the writer: its last flush is written
            writer.stop();

            // today's candles began before the first live trade: Bybit's REST cannot reach back, so they
            // are stored as unknown (trade-derived fields NULL) until today's archive completes them
            List<RawTrade> all = Stream.of(day1, day2).flatMap(List::stream).toList();
            try (Connection read = SqliteConnections.openReadOnly(db)) {
                for (Timeframe tf : Timeframe.values()) {
                    Map<Long, Candle> stored = read(read, tf);
                    // the candle holding the first live trade began unseen; later ones (1m, 5m) were seen whole
                    long firstSeen = tf.openTimeOf(today.get(0).time());
                    Map<Long, Candle> seenInPart = new TreeMap<>(stored);
                    seenInPart.keySet().removeIf(t -> t < JAN1 + 2 * DAY || t > firstSeen);
                    Map<Long, Candle> seenWhole = new TreeMap<>(stored);
                    seenWhole.keySet().removeIf(t -> t <= firstSeen);
                    stored.keySet().removeIf(t -> t >= JAN1 + 2 * DAY);
                    assertThat(seenInPart).isNotEmpty();
                    assertThat(seenInPart.values()).allSatisfy(k -> {
                        assertThat(k.clusters()).isNull();
                        assertThat(k.buyVolume()).isNull();
                        assertThat(k.tradeCount()).isNull();
                    });
                    assertThat(seenWhole.values()).allSatisfy(k -> assertThat(k.tradeCount()).isEqualTo(
                            (int) today.stream().filter(t -> tf.openTimeOf(t.time()) == k.time()).count()));
                    // Bybit: volume/OHLC belong to the kline sync (not running here); trades own buy/sell/count/clusters
                    Map<Long, Candle> tradeOwned = new TreeMap<>();
                    stored.forEach((t, k) -> tradeOwned.put(t, new Candle(k.time(), k.open(), k.high(), k.low(), k.close(),
                            k.buyVolume() + k.sellVolume(), k.buyVolume(), k.sellVolume(), k.delta(), k.tradeCount(),
                            k.clusters(), k.closed())));
                    Footprints.assertMatchTrades(tradeOwned, all, "0.1", tf);
                    for (Candle k : stored.values()) {
                        double buys = all.stream().filter(t -> tf.openTimeOf(t.time()) == k.time() && t.takerBuy())
                                .mapToDouble(t -> Double.parseDouble(t.qty())).sum();
                        assertThat(k.buyVolume()).isCloseTo(buys, org.assertj.core.api.Assertions.within(1e-6));
                        assertThat(k.delta()).isCloseTo(k.buyVolume() - k.sellVolume(), org.assertj.core.api.Assertions.within(1e-6));
                    }
                }
                try (PreparedStatement ps = read.prepareStatement("SELECT date, poc, vah, val, volume FROM sessions WHERE symbol = ? ORDER BY date")) {
                    ps.setString(1, "BYBIT:SOLUSDT");
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("2026-01-01");
                        assertThat(rs.getDouble(3)).isGreaterThanOrEqualTo(rs.getDouble(2));
                        assertThat(rs.getDouble(4)).isLessThanOrEqualTo(rs.getDouble(2));
                    }
                }
            }
        }
    }

    private static Map<Long, Candle> read(Connection c, Timeframe tf) throws Exception {
        Map<Long, Candle> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT time, open, high, low, close, volume, buy_volume, sell_volume, "
                + "delta, trade_count, clusters, closed FROM " + tf.table() + " WHERE symbol = ?")) {
            ps.setString(1, "BYBIT:SOLUSDT");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Candle(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getDouble(6), orNull(rs, 7), orNull(rs, 8),
                            orNull(rs, 9), rs.getObject(10) == null ? null : rs.getLong(10), rs.getString(11), rs.getInt(12) == 1));
                }
            }
        }
        return out;
    }

    private static Double orNull(ResultSet rs, int column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
