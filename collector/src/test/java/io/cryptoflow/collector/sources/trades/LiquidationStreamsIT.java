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
 * The silence timeout is short: the JDK client can miss a cut that lands right behind a message
 * (see {@link LivenessWatch}), and then only silence tells; the range must still end where the
 * connection was last heard, not where its loss was noticed.
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
        recordAcrossALostConnection(venue, path, push, sim -> {
            assertThat(sim.dropWebSockets(path)).isEqualTo(1);
            return Long.MAX_VALUE;
        });
    }

    /**
     * A connection that goes silent (open, but nothing arrives) is found dead only by its silence
     * timeout; its range ends where it was last heard, before the silence, not when that was noticed.
     * One exchange: the range is kept by the exchange-independent tap and recorder, and Bybit's
     * every-liquidation push gives the 15 events in a few seconds where Binance's sample takes 15.
     */
    @ParameterizedTest
    @CsvSource({"BYBIT_LINEAR, /v5/public/linear, BYBIT_ALL_PER_HALF_SECOND"})
    void aConnectionThatWentSilentIsCoveredOnlyUntilItWasLastHeard(Venue venue, String path, LiquidationPush push)
            throws Exception {
        recordAcrossALostConnection(venue, path, push, sim -> {
            long silencedAt = System.currentTimeMillis();
            assertThat(sim.silenceWebSockets(path)).isEqualTo(1);
            return silencedAt;
        });
    }

    /**
     * Records until 15 liquidations came, loses the connection with {@code lose} (which returns the
     * time after which the lost connection's range must not reach), records 15 more on the next one,
     * then compares every recorded range with what the exchange pushed in it.
     */
    private void recordAcrossALostConnection(Venue venue, String path, LiquidationPush push,
                                             java.util.function.ToLongFunction<ExchangeSimulator> lose) throws Exception {
        ExchangeType type = venue == Venue.BINANCE_FUTURES ? BinanceExchanges.FUTURES : BybitExchanges.LINEAR;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .liveSince(java.time.Instant.now().minusSeconds(30)).liveTradesPerMinute(6000).start()) {
            ExchangeConfiguration section = Sections.tradesOn(sim.wsBaseUrl() + path, sim.baseUrl(), sim.baseUrl(),
                    List.of("BTCUSDT"), "footprintDays: 0", "restPageInterval: 5ms", "minReconnectDelay: 50ms",
                    "silenceTimeout: 4s");
            Batches batches = new Batches();
            LiquidationRecorder recorder = new LiquidationRecorder(batches, System::currentTimeMillis, ThreadPools.standalone(), 200);
            OrderFlowService service = new OrderFlowService(Sections.orderFlow("flushInterval: 100ms"), Map.of(type, section),
                    new RecordingSink(), new MetricRegistry(), HttpClient.newHttpClient(), Clock.systemUTC())
                    .withLiquidationRecorder(recorder);
            recorder.start();
            service.start();
            long lostBy;
            try {
                await().atMost(java.time.Duration.ofSeconds(30)).until(() -> events(batches).size() >= 15);
                int atLoss = events(batches).size();
                lostBy = lose.applyAsLong(sim);
                await().atMost(java.time.Duration.ofSeconds(45)).until(() -> events(batches).size() >= atLoss + 15);
            } finally {
                service.stop();
                recorder.stop();
            }

            List<LiquidationBatch.Coverage> ranges = ranges(batches);
            assertThat(ranges).as("one range per connection").hasSizeGreaterThanOrEqualTo(2);
            assertThat(ranges.get(0).to()).as("the lost connection's range ends before it was lost").isLessThan(lostBy);
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
