package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.aggregation.TradeRetention;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.SqliteConnections;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.common.TradePartition;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Raw trades against the simulator with a real writer: yesterday from the archive, today over REST,
 * then live across a dropped connection. collector.db's partitions hold exactly the tape's trades
 * (ids, price, size, side) once each, and per 15m candle the stored trades add up to the footprint's
 * volume and taker buy volume the same writer stored.
 */
class RawTradesSimulatorIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void quietJetty() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    record Stored(long id, long time, double price, double qty, boolean buyerMaker) {
    }

    @Test
    void thePartitionsHoldTheTapeOnceAndAddUpToTheFootprints() throws Exception {
        Path db = dir.resolve("collector.db");
        SqliteCandleWriter writer = new SqliteCandleWriter(db, 64, new MetricRegistry());
        writer.start();
        TradeRecorder recorder = new TradeRecorder(writer, new TradeRetention(Map.of("BINANCE", 7)), System::currentTimeMillis,
                ThreadPools.standalone(), 5_000, 100, 3_600_000);
        recorder.start();
        long lastId;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .liveSince(java.time.Instant.now().minusSeconds(30)).liveTradesPerMinute(1200).start()) {
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms");
            ExchangeConfiguration binance = Sections.tradesOn(sim.wsBaseUrl() + "/market", sim.baseUrl(), sim.baseUrl(),
                    List.of("BTCUSDT"), "footprintDays: 1", "restPageInterval: 5ms", "minReconnectDelay: 50ms");
            MetricRegistry registry = new MetricRegistry();
            OrderFlowService service = new OrderFlowService(config, Map.of(BinanceExchanges.FUTURES, binance), writer, registry,
                    HttpClient.newHttpClient(), Clock.systemUTC()).withTradeRecorder(recorder);
            service.start();
            TradeSequencer seq = service.sequencers().get(MarketSymbol.of("BINANCE", "BTCUSDT"));
            try {
                await().atMost(java.time.Duration.ofSeconds(90)).until(() -> !seq.isCatchingUp() && seq.lastId() > 0);
                long beforeDrop = seq.lastId();
                await().until(() -> seq.lastId() > beforeDrop + 20);
                assertThat(sim.dropWebSockets("/market")).isEqualTo(1);
                long atDrop = seq.lastId();
                await().until(() -> !seq.isCatchingUp() && seq.lastId() > atDrop + 40);
            } finally {
                service.stop();
                recorder.stop();
            }
            lastId = seq.lastId();
            TradeTape tape = sim.tape(Venue.BINANCE_FUTURES, "BTCUSDT").orElseThrow();
            writer.stop();

            long yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            List<Stored> stored = stored(db, yesterday);
            int i = 0;
            for (long minute = yesterday / 60_000; minute <= tape.minuteOfAggId(lastId); minute++) {
                for (SimTrade t : tape.tradesOfMinute(minute)) {
                    if (t.aggId() > lastId) {
                        continue;
                    }
                    assertThat(i).as("stored trades end before tape id %d", t.aggId()).isLessThan(stored.size());
                    Stored s = stored.get(i++);
                    assertThat(s.id()).isEqualTo(t.aggId());
                    assertThat(s.time()).isEqualTo(t.time());
                    assertThat(BigDecimal.valueOf(s.price())).isEqualByComparingTo(tape.spec().price(t.priceUnits()));
                    assertThat(BigDecimal.valueOf(s.qty())).isEqualByComparingTo(tape.spec().qty(t.qtyUnits()));
                    assertThat(s.buyerMaker()).isEqualTo(!t.takerBuy());
                }
            }
            assertThat(stored).hasSize(i);
            assertThat(i).isGreaterThan(1_000);
            assertFootprintsAddUp(db, stored);
            long bytes = Files.size(db);
            System.out.printf("raw trades IT: %d trades stored, collector.db %d bytes%n", stored.size(), bytes);
        }
    }

    /** Every stored trade from {@code from} on, in (time, id) order, across the day partitions. */
    private static List<Stored> stored(Path db, long from) throws Exception {
        List<Stored> out = new ArrayList<>();
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM cf_partitions WHERE dropped = 0 AND day >= "
                    + new TradePartition("BINANCE", TradePartition.dayOf(from)).dayStart() + " ORDER BY day")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT id, time, price, qty, buyer_maker FROM " + t
                        + " WHERE symbol = 'BTCUSDT' ORDER BY time, id")) {
                    while (rs.next()) {
                        out.add(new Stored(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getInt(5) == 1));
                    }
                }
            }
        }
        return out;
    }

    /** Per 15m candle inside the stored range: sum(qty) = volume, sum(taker buy qty) = the clusters' buy sum. */
    private static void assertFootprintsAddUp(Path db, List<Stored> stored) throws Exception {
        Map<Long, double[]> sums = new HashMap<>();
        for (Stored s : stored) {
            double[] v = sums.computeIfAbsent(s.time() - Math.floorMod(s.time(), 900_000L), k -> new double[3]);
            v[0] += s.qty();
            v[1] += s.buyerMaker() ? 0 : s.qty();
            v[2]++;
        }
        long first = stored.get(0).time() - Math.floorMod(stored.get(0).time(), 900_000L);
        long last = stored.get(stored.size() - 1).time() - Math.floorMod(stored.get(stored.size() - 1).time(), 900_000L);
        int compared = 0;
        try (Connection c = SqliteConnections.openReadOnly(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT time, volume, clusters FROM candles_15"
                        + " WHERE symbol = 'BINANCE:BTCUSDT' AND time > " + first + " AND time < " + last)) {
            while (rs.next()) {
                double[] v = sums.get(rs.getLong(1));
                assertThat(v).as("trades of candle %d", rs.getLong(1)).isNotNull();
                assertThat(v[0]).as("volume of %d", rs.getLong(1)).isCloseTo(rs.getDouble(2), org.assertj.core.data.Offset.offset(1e-6));
                double takerBuy = 0;
                for (com.fasterxml.jackson.databind.JsonNode level : new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(3))) {
                    takerBuy += level.get("buy").asDouble();
                }
                // Binance's buy_volume column is the kline's; the footprint's taker buys are its clusters
                assertThat(v[1]).as("taker buy volume of %d", rs.getLong(1)).isCloseTo(takerBuy, org.assertj.core.data.Offset.offset(1e-6));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10);
    }
}
