package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.config.OrderFlowConfiguration;
import io.cryptoflow.collector.exchange.binance.BinanceExchanges;
import io.cryptoflow.collector.exchange.bybit.BybitExchanges;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.RecordingSink;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.testing.TapeTrades;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.ManualClock;
import io.cryptoflow.simulator.archive.ArchiveSchedule;
import io.cryptoflow.simulator.market.Venue;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 24 items 3 and 8 against the simulator's archive schedule (binance-public-data #243, #291,
 * #354, #375: days published late, never, or cut). A short footprint window and a fast retry
 * schedule stand in for the production ones (30 days, hourly).
 */
class ArchiveDaysLateMissingCutIT {

    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;
    private static final Duration LAG = Duration.ofSeconds(20);

    @BeforeAll
    static void quietJetty() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(Level.INFO);
    }

    /**
     * A simulated 24 h run of Binance USD-M with a 4-day window: the 16th is never published, the 17th
     * only at 06:00 on the 20th, the 18th has a hole in the middle, the 19th is cut before its end.
     * Every footprint of the 17th..20th equals the tape; the 16th, once it leaves the window, is
     * reported missing by its time range.
     */
    @Test
    void lateMissingAndCutBinanceDaysEndWithTheTapeOrAReportedRange() throws Exception {
        Instant start = Instant.parse("2026-11-20T00:30:00Z");
        LocalDate d16 = LocalDate.parse("2026-11-16");
        ManualClock market = new ManualClock(start);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(market).symbols("BTCUSDT")
                .liveSince(start.minus(Duration.ofDays(10))).liveTradesPerMinute(6).enforceRateLimits(false)
                .archiveDayMissing(Venue.BINANCE_FUTURES, d16)
                .archiveDayLate(Venue.BINANCE_FUTURES, d16.plusDays(1), Duration.ofHours(54))
                .archiveDayTruncated(Venue.BINANCE_FUTURES, d16.plusDays(2), ArchiveSchedule.Truncation.HOLE_IN_MIDDLE)
                .archiveDayTruncated(Venue.BINANCE_FUTURES, d16.plusDays(3), ArchiveSchedule.Truncation.CUT_AT_END)
                .start()) {
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms", "archiveRetryInterval: 200ms");
            ExchangeConfiguration binance = Sections.tradesOn(sim.wsBaseUrl() + "/market", sim.baseUrl(), sim.baseUrl(),
                    List.of("BTCUSDT"), "footprintDays: 4", "restPageInterval: 1ms", "minReconnectDelay: 200ms");
            RecordingSink sink = new RecordingSink();
            MetricRegistry registry = new MetricRegistry();
            OrderFlowService service = new OrderFlowService(config, Map.of(BinanceExchanges.FUTURES, binance), sink,
                    registry, HttpClient.newHttpClient(), market);
            service.start();
            TradeSequencer seq = service.sequencers().get(MarketSymbol.of("BINANCE", "BTCUSDT"));
            List<ArchiveGapRepair.MissingRange> missingAtStart;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> service.backfills().get(0).progress().equals("done"));
                missingAtStart = service.footprintMissing();
                LiveTrades.advance(market, seq, start.plus(Duration.ofHours(24)).toEpochMilli(), Duration.ofMinutes(10), LAG);
                await().atMost(Duration.ofSeconds(30)).until(() -> service.repairs().get(0).pendingDays() == 0);
                Thread.sleep(300); // one more flush
            } finally {
                service.stop();
            }
            long d17 = d16.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            // at start the 16th and the 17th were waiting for their files
            assertThat(missingAtStart).extracting(ArchiveGapRepair.MissingRange::reason)
                    .containsOnly("archive-not-published").hasSize(2);
            // the 16th left the window without a file: reported by its time range
            assertThat(service.footprintMissing()).singleElement().satisfies(m -> {
                assertThat(m.from()).isEqualTo(d17 - DAY);
                assertThat(m.to()).isEqualTo(d17);
                assertThat(m.reason()).isEqualTo("archive-missing");
            });
            assertThat(registry.counter("cryptoflow.collector.archive.days-missing").getCount()).isEqualTo(1);
            long to = seq.lastTime();
            var tape = sim.tape(Venue.BINANCE_FUTURES, "BTCUSDT").orElseThrow();
            for (Timeframe tf : List.of(Timeframe.M15, Timeframe.H1, Timeframe.D1)) {
                Map<Long, Candle> window = new TreeMap<>(Footprints.latest(sink.batches, tf));
                assertThat(window.keySet()).noneMatch(open -> open < d17);
                window.keySet().removeIf(open -> open + tf.millis() > tf.openTimeOf(to));
                Footprints.assertMatchTrades(window, TapeTrades.between(tape, d17, tf.openTimeOf(to) - 1), "10", tf);
            }
        }
    }

    /**
     * Issue 24 item 8: Bybit started at 23:50 (mid-candle; recent-trade cannot reach back): the 23:45
     * candle's trade-derived fields are unknown (null) until the day's archive is published, then
     * equal to the tape.
     */
    @Test
    void aCandleStartedInTheMiddleIsUnknownUntilTheArchiveCompletesIt() throws Exception {
        Instant start = Instant.parse("2026-11-19T23:50:00Z");
        long candle = Instant.parse("2026-11-19T23:45:00Z").toEpochMilli();
        ManualClock market = new ManualClock(start);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().clock(market).symbols("BTCUSDT")
                .liveSince(start.minus(Duration.ofDays(3))).liveTradesPerMinute(60).enforceRateLimits(false)
                .archiveDelay(Venue.BYBIT_LINEAR, Duration.ofMinutes(20)).start()) {
            OrderFlowConfiguration config = Sections.orderFlow("flushInterval: 100ms", "archiveRetryInterval: 200ms");
            ExchangeConfiguration bybit = Sections.tradesOn(sim.wsBaseUrl() + "/v5/public/linear", sim.baseUrl(),
                    sim.baseUrl(), List.of("BTCUSDT"), "footprintDays: 1", "minReconnectDelay: 200ms");
            RecordingSink sink = new RecordingSink();
            OrderFlowService service = new OrderFlowService(config, Map.of(BybitExchanges.LINEAR, bybit), sink,
                    new MetricRegistry(), HttpClient.newHttpClient(), market);
            service.start();
            TradeSequencer seq = service.sequencers().get(MarketSymbol.of("BYBIT", "BTCUSDT"));
            try {
                LiveTrades.advance(market, seq, Instant.parse("2026-11-20T00:05:00Z").toEpochMilli(), Duration.ofMinutes(1), LAG);
                Thread.sleep(300);
                Candle seenInPart = Footprints.latest(sink.batches, Timeframe.M15).get(candle);
                assertThat(seenInPart.clusters()).isNull();
                assertThat(seenInPart.buyVolume()).isNull();
                assertThat(seenInPart.delta()).isNull();
                assertThat(seenInPart.tradeCount()).isNull();
                assertThat(Footprints.latest(sink.batches, Timeframe.D1).get(candle - 23 * 3_600_000L - 45 * MINUTE).clusters())
                        .isNull();
                LiveTrades.advance(market, seq, Instant.parse("2026-11-20T00:30:00Z").toEpochMilli(), Duration.ofMinutes(1), LAG); // the 19th is published
                await().atMost(Duration.ofSeconds(30)).until(() -> Footprints.latest(sink.batches, Timeframe.M15)
                        .get(candle).clusters() != null);
            } finally {
                service.stop();
            }
            var tape = sim.tape(Venue.BYBIT_LINEAR, "BTCUSDT").orElseThrow();
            Map<Long, Candle> completed = new TreeMap<>(Footprints.latest(sink.batches, Timeframe.M15));
            completed.keySet().removeIf(open -> open != candle);
            Footprints.assertMatchTrades(completed, TapeTrades.between(tape, candle, candle + 15 * MINUTE - 1), "10",
                    Timeframe.M15);
        }
    }
}
