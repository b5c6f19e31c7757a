package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.LiquidationRecorder;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.store.LiquidationBatch;
import io.cryptoflow.collector.store.LiquidationRow;
import io.cryptoflow.collector.store.LiquidationSink;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.market.LiquidationPush;
import io.cryptoflow.simulator.market.SimLiquidation;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * Liquidations on the trade connection, against the simulator: what the collector records within
 * each connected range equals what the exchange pushes for it (Binance: the one-per-second sample,
 * Bybit: every liquidation), across a dropped connection; outside the ranges nothing is claimed.
 */
class LiquidationStreamsIT {

    @BeforeAll
    static void quietJetty() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    /** Keeps every batch the recorder hands over. */
    static final class Batches implements LiquidationSink {
        final List<LiquidationBatch> batches = Collections.synchronizedList(new ArrayList<>());

        @Override
        public CompletableFuture<Void> submitLiquidations(LiquidationBatch batch) {
            batches.add(batch);
            return CompletableFuture.completedFuture(null);
        }
    }

    @ParameterizedTest
    @CsvSource({"BINANCE_FUTURES, /market, BINANCE_LATEST_PER_SECOND", "BYBIT_LINEAR, /v5/public/linear, BYBIT_ALL_PER_HALF_SECOND"})
    void recordedLiquidationsEqualWhatTheExchangePushesWhileConnected(Venue venue, String path, LiquidationPush push)
            throws Exception {
        ExchangeType type = venue == Venue.BINANCE_FUTURES ? BinanceExchanges.FUTURES : BybitExchanges.LINEAR;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .liveSince(java.time.Instant.now().minusSeconds(30)).liveTradesPerMinute(6000).start()) {
            ExchangeConfiguration section = Sections.tradesOn(sim.wsBaseUrl() + path, sim.baseUrl(), sim.baseUrl(),
                    List.of("BTCUSDT"), "footprintDays: 0", "restPageInterval: 5ms", "minReconnectDelay: 50ms");
            Batches batches = new Batches();
            LiquidationRecorder recorder = new LiquidationRecorder(batches, System::currentTimeMillis, ThreadPools.standalone(), 200);
            OrderFlowService service = new OrderFlowService(Sections.orderFlow("flushInterval: 100ms"), Map.of(type, section),
                    new RecordingSink(), new MetricRegistry(), HttpClient.newHttpClient(), Clock.systemUTC())
                    .withLiquidationRecorder(recorder);
            recorder.start();
            service.start();
            try {
                await().atMost(java.time.Duration.ofSeconds(30)).until(() -> events(batches).size() >= 15);
                assertThat(sim.dropWebSockets(path)).isEqualTo(1);
                int atDrop = events(batches).size();
                await().atMost(java.time.Duration.ofSeconds(30)).until(() -> events(batches).size() >= atDrop + 15);
            } finally {
                service.stop();
                recorder.stop();
            }

            List<LiquidationBatch.Coverage> ranges = ranges(batches);
            assertThat(ranges).as("one range per connection").hasSizeGreaterThanOrEqualTo(2);
            TradeTape tape = sim.tape(venue, "BTCUSDT").orElseThrow();
            List<LiquidationRow> recorded = events(batches);
            int compared = 0;
            for (LiquidationBatch.Coverage c : ranges) {
                // whole push windows inside the range: the exchange pushed each of them to this connection
                long from = push.windowOf(c.from() + push.windowMs() - 1);
                long to = push.windowOf(c.to() + 1);
                List<SimLiquidation> expected = push.sent(tape.liquidations(from, to));
                List<LiquidationRow> got = recorded.stream().filter(r -> r.time() >= from && r.time() < to).toList();
                assertThat(got).extracting(LiquidationRow::time).containsExactlyElementsOf(expected.stream().map(SimLiquidation::time).toList());
                for (int i = 0; i < got.size(); i++) {
                    SimLiquidation e = expected.get(i);
                    assertThat(got.get(i).longSide()).isEqualTo(e.longLiquidated());
                    assertThat(got.get(i).price()).isEqualTo(tape.spec().price(e.priceUnits()).doubleValue());
                    assertThat(got.get(i).qty()).isEqualTo(tape.spec().qty(e.qtyUnits()).doubleValue());
                }
                compared += got.size();
            }
            assertThat(compared).isGreaterThanOrEqualTo(10);
            if (push == LiquidationPush.BINANCE_LATEST_PER_SECOND) {
                assertThat(recorded.stream().map(r -> r.time() / 1000).distinct().count()).as("a sample: one per second")
                        .isEqualTo(recorded.size());
            }
            assertThat(batches.batches).extracting(LiquidationBatch::market).containsOnly(new MarketSymbol(type.exchange(), "BTCUSDT"));
        }
    }

    private static List<LiquidationRow> events(Batches b) {
        synchronized (b.batches) {
            return b.batches.stream().flatMap(x -> x.events().stream()).toList();
        }
    }

    /** Each connected range at its longest (a range is re-sent, growing, every flush). */
    private static List<LiquidationBatch.Coverage> ranges(Batches b) {
        Map<Long, LiquidationBatch.Coverage> byFrom = new java.util.TreeMap<>();
        synchronized (b.batches) {
            for (LiquidationBatch x : b.batches) {
                if (x.coverage() != null) {
                    byFrom.merge(x.coverage().from(), x.coverage(), (p, q) -> q.to() > p.to() ? q : p);
                }
            }
        }
        return List.copyOf(byFrom.values());
    }
}
