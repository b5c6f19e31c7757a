package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.dropwizard.util.Duration;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Against the project's exchange simulator (Binance USD-M archive zips, aggTrades REST with weight
 * limits, the /market combined WebSocket): yesterday from the archive, today so far over REST, then
 * live, with the WebSocket cut in the middle; every aggTrade id is counted exactly once.
 */
class SimulatorOrderFlowIT {

    @BeforeAll
    static void quietJetty() {
        // the collector module has no logback-test.xml: without this Jetty logs every buffer fill at DEBUG
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    @Test
    void archiveRestAndLiveFromTheSimulatorCoverEveryAggTradeOnceAcrossADroppedConnection() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .liveSince(java.time.Instant.now().minusSeconds(30)).liveTradesPerMinute(1200).start()) {
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms");
            ExchangeConfiguration binance = Sections.tradesOn(sim.wsBaseUrl() + "/market", sim.baseUrl(), sim.baseUrl(), List.of("BTCUSDT"),
                    "footprintDays: 1",
                    "restPageInterval: 5ms",
                    "minReconnectDelay: 50ms");
            RecordingSink sink = new RecordingSink();
            MetricRegistry registry = new MetricRegistry();
            OrderFlowService service = new OrderFlowService(config, Map.of(BinanceExchanges.FUTURES, binance), sink, registry, HttpClient.newHttpClient(),
                    Clock.systemUTC());
            service.start();
            TradeSequencer seq = service.sequencers().get(MarketSymbol.of("BINANCE", "BTCUSDT"));
            try {
                await().atMost(java.time.Duration.ofSeconds(60)).until(() -> !seq.isCatchingUp() && seq.lastId() > 0);
                long beforeDrop = seq.lastId();
                await().until(() -> seq.lastId() > beforeDrop + 20); // live trades flow
                assertThat(sim.dropWebSockets("/market")).isEqualTo(1);
                long atDrop = seq.lastId();
                await().until(() -> registry.counter("cryptoflow.collector.ws.reconnects").getCount() >= 1
                        && !seq.isCatchingUp() && seq.lastId() > atDrop + 40);
            } finally {
                service.stop();
            }

            long lastId = seq.lastId();
            TradeTape tape = sim.tape(io.cryptoflow.simulator.market.Venue.BINANCE_FUTURES, "BTCUSDT").orElseThrow();
            long yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            List<RawTrade> expected = new ArrayList<>();
            for (long minute = yesterday / 60_000; minute <= tape.minuteOfAggId(lastId); minute++) {
                for (SimTrade t : tape.tradesOfMinute(minute)) {
                    if (t.aggId() <= lastId) {
                        expected.add(new RawTrade(t.aggId(), tape.spec().price(t.priceUnits()).toPlainString(),
                                tape.spec().qty(t.qtyUnits()).toPlainString(), t.takerBuy(), t.time()));
                    }
                }
            }
            assertThat(expected.get(0).id()).isEqualTo(tape.firstAggIdOf(yesterday / 60_000));
            for (Timeframe tf : Timeframe.values()) {
                Footprints.assertMatchTrades(Footprints.latest(sink.batches, tf), expected, "10", tf);
            }
            assertThat(registry.counter("cryptoflow.collector.trades.gap-trades-lost").getCount()).isZero();
            assertThat(registry.meter("cryptoflow.collector.trades.recovered").getCount()).isPositive();
        }
    }
}
