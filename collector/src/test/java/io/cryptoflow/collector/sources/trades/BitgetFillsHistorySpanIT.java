package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.exchange.bitget.BitgetExchanges;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.testing.TapeTrades;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.market.TradeTape;
import io.cryptoflow.simulator.market.Venue;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 24 item 4: Bitget's fills-history answers 90 days back (its main doc page; a mirror says 7).
 * A Bitget trade outage longer than 7 days is recovered whole by paging back as far as the exchange
 * answers, and where the exchange's history ends (here a shallower simulated depth) the walk stops at
 * its own refusal, keeps what it served, and reports the rest as not recovered. REST times are served
 * in milliseconds here: whole-second REST times are item 1's (TradeSequencer's de-duplication by id).
 */
class BitgetFillsHistorySpanIT {

    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;
    /** Two trades a minute, one in each half (the tape stratifies them): each 30 s step delivers one. */
    private static final Duration STEP = Duration.ofSeconds(30);

    @BeforeAll
    static void quietJetty() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    @Test
    void aTenDayOutageIsRecoveredWholeFromNinetyDaysOfHistory() throws Exception {
        Outcome run = outage(ExchangeSimulator.builder().bitgetRestTradeMillis(true), Duration.ofDays(10));
        assertThat(run.gaps).isZero();
        run.assertFootprintsEqualTheTape(run.from);
    }

    @Test
    void pagingStopsAtTheExchangesRefusalAndReportsWhatItDoesNotServe() throws Exception {
        Outcome run = outage(ExchangeSimulator.builder().bitgetRestTradeMillis(true)
                .bitgetFillsHistoryDepth(Duration.ofDays(3)), Duration.ofDays(5));
        assertThat(run.gaps).isEqualTo(1);
        assertThat(run.unrecovered).hasSize(1);
        long[] range = run.unrecovered.get(0);
        assertThat(range[0]).isEqualTo(run.outageStart); // the last trade seen before the outage
        assertThat(range[1]).isBetween(run.outageEnd - 3 * DAY, run.outageEnd - 3 * DAY + 10 * MINUTE);
        // every candle after the exchange's depth is whole
        run.assertFootprintsEqualTheTape(Timeframe.H1.openTimeOf(range[1]) + Timeframe.H1.millis());
    }

    private record Outcome(long from, long to, long outageStart, long outageEnd, long gaps, List<long[]> unrecovered,
                           RecordingSink sink, TradeTape tape) {
        void assertFootprintsEqualTheTape(long since) throws Exception {
            for (Timeframe tf : List.of(Timeframe.M15, Timeframe.H1)) {
                Map<Long, Candle> affected = new TreeMap<>(Footprints.latest(sink.batches, tf));
                affected.keySet().removeIf(open -> open < since || open > tf.openTimeOf(to));
                Footprints.assertMatchTrades(affected, TapeTrades.between(tape, since, to), "10", tf);
            }
        }
    }

    private static Outcome outage(io.cryptoflow.simulator.SimulatorBuilder builder, Duration outage) throws Exception {
        Instant start = Instant.parse("2026-11-20T09:58:00Z");
        long from = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        ManualClock market = new ManualClock(start);
        try (ExchangeSimulator sim = builder.clock(market).symbols("BTCUSDT")
                .liveSince(start.minusSeconds(86_400)).liveTradesPerMinute(2).enforceRateLimits(false).start()) {
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms");
            ExchangeConfiguration bitget = Sections.tradesOn(sim.wsBaseUrl() + "/v2/ws/public", sim.baseUrl(), "",
                    List.of("BTCUSDT"), "restPageInterval: 1ms", "minReconnectDelay: 300ms");
            RecordingSink sink = new RecordingSink();
            MetricRegistry registry = new MetricRegistry();
            OrderFlowService service = new OrderFlowService(config, Map.of(BitgetExchanges.FUTURES, bitget), sink,
                    registry, HttpClient.newHttpClient(), market);
            service.start();
            TradeSequencer seq = service.sequencers().get(MarketSymbol.of("BITGET", "BTCUSDT"));
            List<long[]> unrecovered = new java.util.concurrent.CopyOnWriteArrayList<>();
            long outageStart;
            long outageEnd;
            try {
                LiveTrades.advance(market, seq, from + 3 * MINUTE, STEP, STEP);
                seq.onUnrecoveredGap((a, b) -> unrecovered.add(new long[] {a, b}));
                outageStart = seq.lastTime();
                assertThat(sim.dropWebSockets("/v2/ws/public")).isEqualTo(1);
                market.advance(outage);
                outageEnd = market.millis();
                await().atMost(Duration.ofSeconds(120))
                        .until(() -> !seq.isCatchingUp() && seq.lastTime() >= outageEnd - 2 * MINUTE);
                LiveTrades.advance(market, seq, outageEnd + 2 * MINUTE, STEP, STEP);
                Thread.sleep(300); // one more flush
            } finally {
                service.stop();
            }
            return new Outcome(from, seq.lastTime(), outageStart, outageEnd,
                    registry.counter("cryptoflow.collector.trades.gaps").getCount(), unrecovered, sink,
                    sim.tape(Venue.BITGET_FUTURES, "BTCUSDT").orElseThrow());
        }
    }
}
