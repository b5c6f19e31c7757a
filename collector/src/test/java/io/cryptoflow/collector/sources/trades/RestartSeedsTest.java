package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.aggregation.TradeRecorder;
import io.cryptoflow.collector.aggregation.TradeRetention;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.exchange.binance.BinanceTradeProtocol;
import io.cryptoflow.collector.exchange.bybit.BybitTradeProtocol;
import io.cryptoflow.collector.store.StoredTrade;
import io.cryptoflow.collector.store.TradeTail;
import io.cryptoflow.collector.store.TradeTails;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.FakeTradeRest;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.collector.testing.RecordingTradeSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restart seeds each sequencer with the newest stored trade, so what was missed while stopped is
 * fetched over REST like after a cut: Binance from the next id, Bybit as far as recent-trade
 * reaches (the rest a recorded gap), trades REST repeats known by id; nothing seeded beyond the bound.
 */
class RestartSeedsTest {

    private static final MarketSymbol BINANCE = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final MarketSymbol BYBIT = MarketSymbol.of("BYBIT", "BTCUSDT");
    private static final long T0 = 1_767_225_600_000L;
    private static final long DAY = 86_400_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);
    private final RecordingTradeSink sink = new RecordingTradeSink();
    private final TradeRecorder recorder = new TradeRecorder(sink, new TradeRetention(Map.of("BINANCE", 7, "BYBIT", 7)),
            () -> T0 + DAY, ThreadPools.standalone(), 100_000, 3_600_000, 3_600_000);
    private FakeTradeRest rest;

    @AfterEach
    void stop() {
        if (rest != null) {
            rest.close();
        }
    }

    private TradeSequencer sequencer(MarketSymbol market, boolean contiguous) {
        TradeSequencer s = new TradeSequencer(market, contiguous,
                new TradeAggregator(market, WriteMode.FOOTPRINT, Prices.parse("10"), metrics), metrics, 1_000);
        s.recordTo(recorder); // as OrderFlowService.withTradeRecorder wires it
        s.onUnrecoveredGap((from, to) -> recorder.gap(market, from, to));
        return s;
    }

    /** The id the collector keeps: Binance's aggregate id, the hash of Bybit's execId. */
    private static long idOf(MarketSymbol market, RawTrade t) {
        return market.equals(BYBIT) ? JsonTrades.idOf(t.bybitUuid()) : t.id();
    }

    /** What the last run stored: up to {@code newest}, with the trades of the id retention before it. */
    private static TradeTails stored(MarketSymbol market, List<RawTrade> tape, int newest) {
        return stored(market, tape, 0, newest);
    }

    /** What a last run that stored from {@code first} on (its gap before that recorded) stored up to {@code newest}. */
    private static TradeTails stored(MarketSymbol market, List<RawTrade> tape, int first, int newest) {
        RawTrade last = tape.get(newest);
        List<StoredTrade> recent = tape.subList(first, newest + 1).stream()
                .filter(t -> t.time() >= last.time() - TradeSequencer.ID_RETENTION_MS)
                .map(t -> new StoredTrade(idOf(market, t), t.time())).toList();
        return (m, notBefore, recentMs) -> last.time() < notBefore ? Optional.empty()
                : Optional.of(new TradeTail(new StoredTrade(idOf(market, last), last.time()), recent));
    }

    /** Bybit's recent-trade: the newest {@code limit} trades of the tape, newest first. */
    private static FakeTradeRest bybitRecentTrades(List<RawTrade> tape) throws Exception {
        return new FakeTradeRest("/v5/market/recent-trade", q -> {
            List<String> newestFirst = new ArrayList<>();
            for (int i = tape.size() - 1; i >= tape.size() - Integer.parseInt(q.get("limit")); i--) {
                newestFirst.add(tape.get(i).bybitRest("BTCUSDT"));
            }
            return FakeTradeRest.Answer.json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                    + String.join(",", newestFirst) + "]}}");
        });
    }

    /** As the stream does on connect: pause, live trades arrive, the catch-up runs. */
    private void reconnect(TradeSequencer s, TradeProtocol protocol, RawTrade firstLive) throws InterruptedException {
        s.pause();
        Trade t = firstLive.trade();
        s.onLive(new Trade(idOf(s.market(), firstLive), t.price(), t.qty(), t.takerBuy(), t.time()));
        s.catchUp(new RestTradeFetcher(HttpClient.newHttpClient(), protocol, rest.baseUrl(), Duration.ofSeconds(5)),
                Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(50));
        recorder.flush();
    }

    @Test
    void binanceContinuesFromTheNextAggTradeIdAndRecordsNoGap() throws Exception {
        List<RawTrade> tape = RawTrade.series(3, 1, 300, T0, 1_000, "97000");
        rest = new FakeTradeRest("/fapi/v1/aggTrades", q -> FakeTradeRest.Answer.json(tape.stream()
                .filter(t -> t.id() >= Long.parseLong(q.get("fromId"))).limit(Integer.parseInt(q.get("limit")))
                .map(RawTrade::binanceRest).collect(Collectors.joining(",", "[", "]"))));
        TradeSequencer s = sequencer(BINANCE, true);

        assertThat(RestartSeeds.seed(List.of(s), stored(BINANCE, tape, 99), m -> T0 - DAY)).isEqualTo(1);
        reconnect(s, BinanceTradeProtocol.futures(), tape.get(299));

        assertThat(rest.requests.get(0)).contains("fromId=101&");
        assertThat(s.lastId()).isEqualTo(300);
        assertThat(s.isCatchingUp()).isFalse();
        assertThat(sink.ids()).containsExactlyElementsOf(LongStream.rangeClosed(101, 300).boxed().toList());
        assertThat(sink.gaps).as("everything missed was fetched").isEmpty();
    }

    @Test
    void bybitKnowsTheStoredTradesRestRepeatsByIdAndRecordsWhatRecentTradeNoLongerServesAsAGap() throws Exception {
        List<RawTrade> tape = RawTrade.series(5, 1, 1_300, T0, 100, "97000");
        rest = bybitRecentTrades(tape);
        // stored up to trade 320: recent-trade serves 301..1300, so 301..320 come back (dropped by id), 1..300 not needed
        TradeSequencer within = sequencer(BYBIT, false);
        RestartSeeds.seed(List.of(within), stored(BYBIT, tape, 319), m -> T0 - DAY);
        reconnect(within, new BybitTradeProtocol(), tape.get(1_299));

        assertThat(sink.ids()).hasSize(980).doesNotHaveDuplicates();
        assertThat(sink.ids().get(0)).isEqualTo(idOf(BYBIT, tape.get(320)));
        assertThat(registry.counter("cryptoflow.collector.trades.duplicate").getCount()).isPositive();
        assertThat(sink.gaps).isEmpty();

        // stored up to trade 200: 201..300 are no longer served, the gap between says so
        sink.batches.clear();
        TradeSequencer beyond = sequencer(BYBIT, false);
        RestartSeeds.seed(List.of(beyond), stored(BYBIT, tape, 199), m -> T0 - DAY);
        reconnect(beyond, new BybitTradeProtocol(), tape.get(1_299));

        assertThat(sink.ids()).hasSize(1_000);
        assertThat(sink.gaps).containsExactly(BYBIT + " " + tape.get(199).time() + ".." + tape.get(300).time());
    }

    /**
     * The last run stored trades only from 306 on (killed a second after its first trade; the range
     * before was recorded as its first-trade gap). REST, asked from 2 s before the seed for times cut
     * to the second, repeats trades before 306 the stored ids do not hold: from more than a second
     * before the seed, they are not missed ones and are not stored inside that gap.
     */
    @Test
    void restTradesFromBeforeTheLastRunsFirstTradeAreNotStoredInsideItsGap() throws Exception {
        List<RawTrade> tape = RawTrade.series(5, 1, 1_300, T0, 100, "97000");
        rest = bybitRecentTrades(tape);
        TradeSequencer s = sequencer(BYBIT, false);
        RestartSeeds.seed(List.of(s), stored(BYBIT, tape, 305, 319), m -> T0 - DAY);
        reconnect(s, new BybitTradeProtocol(), tape.get(1_299));

        assertThat(sink.ids()).doesNotHaveDuplicates().doesNotContain(idOf(BYBIT, tape.get(300)), idOf(BYBIT, tape.get(304)));
        assertThat(sink.ids()).hasSize(980).startsWith(idOf(BYBIT, tape.get(320)));
        assertThat(sink.gaps).isEmpty();
    }

    @Test
    void nothingIsSeededBeyondTheBoundWithoutRetentionOnAFailedReadOrWhileAnArchiveHandsOver() {
        List<RawTrade> tape = RawTrade.series(3, 1, 10, T0, 1_000, "97000");
        TradeSequencer old = sequencer(BINANCE, true);
        TradeSequencer unkept = sequencer(BINANCE, true);
        TradeSequencer failing = sequencer(BINANCE, true);
        TradeSequencer held = sequencer(BINANCE, true);
        held.holdForBackfill();

        assertThat(RestartSeeds.seed(List.of(old), stored(BINANCE, tape, 9), m -> T0 + DAY)).isZero();
        assertThat(RestartSeeds.seed(List.of(unkept), (m, nb, r) -> {
            throw new AssertionError("no raw trades kept: nothing to read");
        }, m -> Long.MAX_VALUE)).isZero();
        assertThat(RestartSeeds.seed(List.of(failing), (m, nb, r) -> {
            throw new IllegalStateException("no such table: cf_partitions");
        }, m -> T0 - DAY)).isZero();
        RestartSeeds.seed(List.of(held), stored(BINANCE, tape, 9), m -> T0 - DAY);

        for (TradeSequencer s : List.of(old, unkept, failing, held)) {
            assertThat(s.lastId()).isEqualTo(-1);
            assertThat(s.lastTime()).isEqualTo(Long.MIN_VALUE);
        }
        assertThat(recorder.keepFrom(BINANCE)).isEqualTo(T0 + DAY - 7 * DAY - Math.floorMod(T0 + DAY, DAY));
    }
}
