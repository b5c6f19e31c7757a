package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.binance.BinanceTradeProtocol;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.FakeTradeRest;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST catch-up survives what exchanges answer when things go wrong, and never stores half an answer. */
class TradeSequencerCatchUpTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final long T0 = 1_767_225_600_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);
    private final List<RawTrade> exchange = RawTrade.series(3, 1, 2500, T0, 1_000, "97000");
    private FakeTradeRest rest;
    private TradeAggregator aggregator;
    private TradeSequencer sequencer;
    private RestTradeFetcher fetcher;

    @BeforeEach
    void start() throws Exception {
        rest = new FakeTradeRest("/fapi/v1/aggTrades", q -> {
            long from = Long.parseLong(q.get("fromId"));
            return FakeTradeRest.Answer.json(exchange.stream().filter(t -> t.id() >= from)
                    .limit(Integer.parseInt(q.get("limit"))).map(RawTrade::binanceRest)
                    .collect(Collectors.joining(",", "[", "]")));
        });
        aggregator = new TradeAggregator(BTC, WriteMode.FOOTPRINT, Prices.parse("10"), metrics);
        sequencer = new TradeSequencer(BTC, true, aggregator, metrics, 100);
        fetcher = new RestTradeFetcher(HttpClient.newHttpClient(), BinanceTradeProtocol.futures(), rest.baseUrl(),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private static FakeTradeRest.Answer answer(int status, String body, Map<String, String> headers) {
        return new FakeTradeRest.Answer(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private void catchUp() throws InterruptedException {
        sequencer.catchUp(fetcher, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @Test
    void rateLimitsServerErrorsAndBrokenBodiesAreWaitedOutAndNothingPartialIsStored() throws Exception {
        sequencer.resumeAfter(0, T0 - 1);
        rest.scripted.add(answer(429, "{\"code\":-1003,\"msg\":\"Too many requests\"}", Map.of("Retry-After", "1")));
        rest.scripted.add(answer(418, "{\"code\":-1003,\"msg\":\"banned\"}", Map.of("Retry-After", "0")));
        rest.scripted.add(answer(503, "Service Unavailable", Map.of()));
        rest.scripted.add(answer(200, "[" + exchange.get(0).binanceRest() + "," + exchange.get(1).binanceRest()
                .substring(0, 20), Map.of())); // truncated body: the first, complete trade must not be stored either
        rest.scripted.add(answer(200, "[{\"a\":1,\"p\":\"97000\",\"q\":\"-1\",\"f\":1,\"l\":1,\"T\":1,\"m\":true}]", Map.of()));
        rest.scripted.add(answer(200, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", Map.of()));

        long started = System.nanoTime();
        catchUp();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("Retry-After honoured").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sequencer.lastId()).isEqualTo(2500);
        assertThat(sequencer.isCatchingUp()).isFalse();
        assertThat(registry.counter("cryptoflow.collector.trades.rejected").getCount()).isEqualTo(3);
        assertThat(registry.counter("cryptoflow.collector.trades.rest-errors").getCount()).isEqualTo(1);
        assertThat(rest.requests).filteredOn(r -> r.contains("fromId=1&")).hasSize(7);
        assertThat(rest.requests).anyMatch(r -> r.contains("fromId=1001&"));
        aggregator.closeAll();
        List<CandleBatch> batches = aggregator.drain().batches();
        for (Timeframe tf : Timeframe.values()) {
            Footprints.assertMatchTrades(Footprints.latest(batches, tf), exchange, "10", tf);
        }
    }

    @Test
    void aCatchUpPausesUntilTheNextMinuteWhenBinanceReportsThreeQuartersOfTheWeightUsed() throws Exception {
        rest.scripted.add(new FakeTradeRest.Answer(200, Map.of("X-MBX-USED-WEIGHT-1M", "1799"), "[]".getBytes(StandardCharsets.UTF_8)));
        rest.scripted.add(new FakeTradeRest.Answer(200, Map.of("X-MBX-USED-WEIGHT-1M", "1800"), "[]".getBytes(StandardCharsets.UTF_8)));
        fetcher.fetch("BTCUSDT", 0, 0);
        assertThat(fetcher.suggestedPause(T0 + 15_000)).isZero();
        fetcher.fetch("BTCUSDT", 0, 0);
        assertThat(fetcher.suggestedPause(T0 + 15_000)).isEqualTo(Duration.ofMillis(45_050));
    }

    @Test
    void liveTradesBufferedDuringTheCatchUpJoinWithoutDuplicatesEvenAfterTheBufferOverflowed() throws Exception {
        sequencer.resumeAfter(0, T0 - 1);
        for (RawTrade t : exchange.subList(1999, 2500)) { // 501 live trades > buffer of 100: the buffer is dropped once full
            sequencer.onLive(t.trade());
        }
        catchUp();

        assertThat(sequencer.lastId()).isEqualTo(2500);
        aggregator.closeAll();
        List<CandleBatch> batches = aggregator.drain().batches();
        Footprints.assertMatchTrades(Footprints.latest(batches, Timeframe.M15), exchange, "10", Timeframe.M15);
    }

    @Test
    void aHoleTheExchangeItselfCannotServeIsCountedAsLostAndTheStreamContinues() throws Exception {
        List<RawTrade> withHole = exchange.stream().filter(t -> t.id() < 100 || t.id() > 110).toList();
        rest.close();
        rest = new FakeTradeRest("/fapi/v1/aggTrades", q -> {
            long from = Long.parseLong(q.get("fromId"));
            return FakeTradeRest.Answer.json(withHole.stream().filter(t -> t.id() >= from && t.id() <= 500)
                    .limit(Integer.parseInt(q.get("limit"))).map(RawTrade::binanceRest)
                    .collect(Collectors.joining(",", "[", "]")));
        });
        fetcher = new RestTradeFetcher(HttpClient.newHttpClient(), BinanceTradeProtocol.futures(), rest.baseUrl(),
                Duration.ofSeconds(5));
        sequencer.resumeAfter(0, T0 - 1);
        catchUp();

        assertThat(sequencer.lastId()).isEqualTo(500);
        assertThat(registry.counter("cryptoflow.collector.trades.gaps").getCount()).isEqualTo(1);
        assertThat(registry.counter("cryptoflow.collector.trades.gap-trades-lost").getCount()).isEqualTo(11);
    }

    @Test
    void aCatchUpTheLiveStreamOutrunsGoesLiveAndLeavesTheHoleToTheArchive() throws Exception {
        // a burst: every REST page (1,000 trades) is answered while 2,000 newer trades arrive live
        List<RawTrade> tape = RawTrade.series(5, 1, 120_000, T0, 1, "97000");
        java.util.concurrent.atomic.AtomicInteger liveUpTo = new java.util.concurrent.atomic.AtomicInteger(2_000);
        rest.close();
        rest = new FakeTradeRest("/fapi/v1/aggTrades", q -> {
            long from = Long.parseLong(q.get("fromId"));
            int head = liveUpTo.get();
            for (RawTrade t : tape.subList(head, Math.min(tape.size(), head + 2_000))) {
                sequencer.onLive(t.trade());
            }
            liveUpTo.set(Math.min(tape.size(), head + 2_000));
            return FakeTradeRest.Answer.json(tape.stream().filter(t -> t.id() >= from && t.id() <= head)
                    .limit(Integer.parseInt(q.get("limit"))).map(RawTrade::binanceRest)
                    .collect(Collectors.joining(",", "[", "]")));
        });
        fetcher = new RestTradeFetcher(HttpClient.newHttpClient(), BinanceTradeProtocol.futures(), rest.baseUrl(),
                Duration.ofSeconds(5));
        List<long[]> leftToArchive = new java.util.ArrayList<>();
        sequencer.onUnrecoveredGap((from, to) -> leftToArchive.add(new long[] {from, to}));
        sequencer.resumeAfter(0, T0 - 1);
        catchUp();

        assertThat(sequencer.isCatchingUp()).isFalse();
        int pages = rest.requests.size();
        assertThat(pages).as("judged over CatchUpProgress.PAGES pages, not paged to the end").isBetween(CatchUpProgress.PAGES,
                CatchUpProgress.PAGES + 2);
        long live = liveUpTo.get();
        assertThat(sequencer.lastId()).as("the buffered live trades were applied").isEqualTo(live);
        assertThat(registry.counter("cryptoflow.collector.trades.gaps").getCount()).isEqualTo(1);
        assertThat(leftToArchive).hasSize(1);
        long firstLive = leftToArchive.get(0)[1];
        assertThat(leftToArchive.get(0)[0]).isEqualTo(tape.get(pages * 1_000 - 1).time());
        assertThat(firstLive).isGreaterThan(leftToArchive.get(0)[0]).isLessThanOrEqualTo(tape.get((int) live - 1).time());

        sequencer.onLive(tape.get((int) live).trade());
        assertThat(sequencer.lastId()).as("live from now on").isEqualTo(live + 1);
    }

    @Test
    void aCatchUpThatGainsOnTheLiveStreamPagesToTheEnd() throws Exception {
        sequencer.resumeAfter(0, T0 - 1);
        for (RawTrade t : exchange.subList(2400, 2500)) {
            sequencer.onLive(t.trade());
        }
        CatchUpProgress progress = new CatchUpProgress();
        progress.live(2500);
        assertThat(progress.losing(1_000)).isFalse();
        for (int i = 1; i < CatchUpProgress.PAGES; i++) {
            assertThat(progress.losing(1_000 + i)).isFalse();
        }
        assertThat(progress.losing(1_000 + CatchUpProgress.PAGES)).as("distance shrank: still gaining").isFalse();
        progress.live(100_000);
        for (int i = 1; i < CatchUpProgress.PAGES; i++) {
            assertThat(progress.losing(2_000)).isFalse();
        }
        assertThat(progress.losing(2_000)).as("distance grew over PAGES pages").isTrue();
        catchUp();
        assertThat(sequencer.lastId()).isEqualTo(2500);
        assertThat(registry.counter("cryptoflow.collector.trades.gaps").getCount()).isZero();
    }
}
