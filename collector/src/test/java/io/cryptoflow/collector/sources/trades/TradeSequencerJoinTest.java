package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.exchange.JsonTrades;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.Trade;
import io.cryptoflow.collector.exchange.bybit.BybitTradeProtocol;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.FakeTradeRest;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without contiguous ids (Bybit, Bitget) a catch-up after a reconnect goes live only where its REST
 * answer meets the new connection's first trade. Bybit subscribes by a message sent after the
 * connection opened, so a REST answer taken at once can end before the stream's first trade; the
 * trades in between were once lost without a trace (TradesAcrossRestartIT caught it under load).
 */
class TradeSequencerJoinTest {

    private static final MarketSymbol SOL = MarketSymbol.of("BYBIT", "SOLUSDT");
    private static final long T0 = 1_767_225_600_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);
    private final List<RawTrade> exchange = RawTrade.series(7, 1, 100, T0, 100, "150");
    /** How many trades of the tape REST serves (the exchange's now). */
    private final AtomicInteger restHead = new AtomicInteger();
    private final List<long[]> gaps = new ArrayList<>();
    /** REST requests of the setup's catch-up. */
    private int setupRequests;
    private FakeTradeRest rest;
    private RestTradeFetcher fetcher;
    private TradeAggregator aggregator;
    private TradeSequencer sequencer;

    @BeforeEach
    void start() throws Exception {
        rest = new FakeTradeRest("/v5/market/recent-trade", q -> {
            List<String> newestFirst = new ArrayList<>();
            for (int i = restHead.get() - 1; i >= Math.max(0, restHead.get() - Integer.parseInt(q.get("limit"))); i--) {
                newestFirst.add(exchange.get(i).bybitRest("SOLUSDT"));
            }
            return FakeTradeRest.Answer.json("{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                    + String.join(",", newestFirst) + "]}}");
        });
        fetcher = new RestTradeFetcher(HttpClient.newHttpClient(), new BybitTradeProtocol(), rest.baseUrl(), Duration.ofSeconds(5));
        aggregator = new TradeAggregator(SOL, WriteMode.FOOTPRINT, Prices.parse("0.1"), metrics);
        sequencer = new TradeSequencer(SOL, false, aggregator, metrics, 1000).withSubscriptionSettle(300);
        sequencer.onUnrecoveredGap((from, to) -> gaps.add(new long[] {from, to}));
        // live up to trade 39
        sequencer.resumeAfter(live(0).id(), live(0).time());
        restHead.set(40);
        catchUp().get(5, TimeUnit.SECONDS);
        for (int i = 1; i < 40; i++) {
            sequencer.onLive(live(i));
        }
        assertThat(sequencer.isCatchingUp()).isFalse();
        setupRequests = rest.requests.size();
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private Trade live(int i) {
        Trade t = exchange.get(i).trade();
        return new Trade(JsonTrades.idOf(exchange.get(i).bybitUuid()), t.price(), t.qty(), t.takerBuy(), t.time());
    }

    private CompletableFuture<Void> catchUp() {
        return CompletableFuture.runAsync(() -> {
            try {
                sequencer.catchUp(fetcher, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void assertEveryTradeCounted(int count) throws Exception {
        aggregator.closeAll();
        Footprints.assertMatchTrades(Footprints.latest(aggregator.drain().batches(), Timeframe.M15),
                exchange.subList(1, count), "0.1", Timeframe.M15); // trade 0 is the hand-over point
    }

    @Test
    void aRestAnswerTakenBeforeTheSubscriptionTookEffectIsAskedAgainOnceTheFirstLiveTradeArrives() throws Exception {
        sequencer.pause(); // cut; the trades of the old connection after 39 never arrive
        restHead.set(60); // the catch-up's first answer ends at 59 ...
        CompletableFuture<Void> running = catchUp();
        Thread.sleep(100);
        restHead.set(80); // ... and the new subscription starts at 70: 60..69 are only on REST now
        for (int i = 70; i < 80; i++) {
            sequencer.onLive(live(i));
        }
        running.get(5, TimeUnit.SECONDS);

        assertThat(sequencer.isCatchingUp()).isFalse();
        assertThat(sequencer.lastTime()).isEqualTo(exchange.get(79).time());
        assertThat(gaps).isEmpty();
        assertThat(rest.requests.size() - setupRequests).as("asked again after the first live trade").isGreaterThanOrEqualTo(2);
        assertEveryTradeCounted(80);
    }

    @Test
    void theOldConnectionsBufferedTradesAreDroppedSoTheNewConnectionsFirstTradeDecides() throws Exception {
        sequencer.pause();
        for (int i = 40; i < 45; i++) {
            sequencer.onLive(live(i)); // buffered from the old connection just before the cut was noticed
        }
        sequencer.pause(); // reconnecting
        restHead.set(45); // an answer reaching the old trades only
        CompletableFuture<Void> running = catchUp();
        Thread.sleep(100);
        restHead.set(60);
        for (int i = 55; i < 60; i++) {
            sequencer.onLive(live(i));
        }
        running.get(5, TimeUnit.SECONDS);

        assertThat(gaps).isEmpty();
        assertEveryTradeCounted(60);
    }

    @Test
    void aQuietMarketGoesLiveOnceTheSubscriptionSettled() throws Exception {
        sequencer.pause();
        long started = System.nanoTime();
        catchUp().get(5, TimeUnit.SECONDS);

        assertThat(sequencer.isCatchingUp()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(gaps).isEmpty();
    }

    @Test
    void aRestThatNeverReachesTheStreamRecordsTheTradesBetweenMissing() throws Exception {
        sequencer.pause();
        restHead.set(50); // REST stays at 49
        for (int i = 60; i < 70; i++) {
            sequencer.onLive(live(i));
        }
        catchUp().get(5, TimeUnit.SECONDS);

        assertThat(sequencer.isCatchingUp()).isFalse();
        assertThat(gaps).singleElement().satisfies(g -> {
            assertThat(g[0]).isEqualTo(exchange.get(49).time());
            assertThat(g[1]).isEqualTo(exchange.get(60).time());
        });
        assertThat(rest.requests.size() - setupRequests).isEqualTo(TradeSequencer.JOIN_ATTEMPTS);
    }
}
