package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.TradeTape;
import io.dropwizard.util.Duration;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Bybit's recent-trade endpoint has no cursor: a 30-minute outage across midnight cannot be recovered
 * over REST. The gap is counted, and each day it touches is re-imported from the daily archive once that
 * day's file is published; afterwards the affected candles' footprints equal the exchange's tape.
 */
class BybitArchiveRepairIT {

    private static final long MINUTE = 60_000L;

    @BeforeAll
    static void quietJetty() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    @Test
    void aGapRestCannotFillIsFilledFromTheArchiveOncePublished() throws Exception {
        Instant start = Instant.parse("2026-11-19T23:40:00Z");
        ManualClock market = new ManualClock(start);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(market).symbols("BTCUSDT")
                .liveSince(start.minusSeconds(1800)).liveTradesPerMinute(120).enforceRateLimits(false).start()) {
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms");
            ExchangeConfiguration bybit = Sections.tradesOn(sim.wsBaseUrl() + "/v5/public/linear", sim.baseUrl(), sim.baseUrl(), List.of("BTCUSDT"),
                    "footprintDays: 1",
                    "minReconnectDelay: 200ms");
            RecordingSink sink = new RecordingSink();
            MetricRegistry registry = new MetricRegistry();
            OrderFlowService service = new OrderFlowService(config, Map.of(BybitExchanges.LINEAR, bybit), sink, registry, HttpClient.newHttpClient(), market);
            service.start();
            TradeSequencer seq = service.sequencers().get(MarketSymbol.of("BYBIT", "BTCUSDT"));
            ArchiveGapRepair repair = service.repairs().get(0);
            try {
                advanceLive(market, seq, Instant.parse("2026-11-19T23:50:00Z").toEpochMilli());
                assertThat(sim.dropWebSockets("/v5/public/linear")).isEqualTo(1);
                market.advance(java.time.Duration.ofMinutes(30)); // 3600 trades; recent-trade serves 1000
                await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> registry.counter("cryptoflow.collector.trades.gaps").getCount() >= 1 && !seq.isCatchingUp());
                assertThat(repair.pendingDays()).as("2026-11-19 and 2026-11-20").isEqualTo(2);

                repair.run(); // the 19th has ended and is published; the 20th has not
                assertThat(repair.pendingDays()).isEqualTo(1);
            } finally {
                service.stop();
            }

            long from = Instant.parse("2026-11-19T23:45:00Z").toEpochMilli();
            long to = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
            TradeTape tape = sim.tape(io.cryptoflow.simulator.market.Venue.BYBIT_LINEAR, "BTCUSDT").orElseThrow();
            List<RawTrade> expected = new ArrayList<>();
            for (long m = from / MINUTE; m < to / MINUTE; m++) {
                for (SimTrade t : tape.tradesOfMinute(m)) {
                    expected.add(new RawTrade(t.aggId(), tape.spec().price(t.priceUnits()).toPlainString(),
                            tape.spec().qty(t.qtyUnits()).toPlainString(), t.takerBuy(), t.time()));
                }
            }
            Map<Long, Candle> affected = new TreeMap<>(Footprints.latest(sink.batches, Timeframe.M15));
            affected.keySet().removeIf(open -> open != from);
            Footprints.assertMatchTrades(affected, expected, "10", Timeframe.M15);
        }
    }

    private static void advanceLive(ManualClock market, TradeSequencer seq, long until) throws InterruptedException {
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
