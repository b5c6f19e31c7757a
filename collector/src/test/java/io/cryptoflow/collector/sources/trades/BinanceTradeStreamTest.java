package io.cryptoflow.collector.sources.trades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.OrderFlowMetrics;
import io.cryptoflow.collector.aggregation.TradeAggregator;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.testing.Sections;
import io.cryptoflow.collector.exchange.Prices;
import io.cryptoflow.collector.exchange.TradeProtocol;
import io.cryptoflow.collector.exchange.binance.BinanceTradeProtocol;
import io.cryptoflow.collector.store.CandleBatch;
import io.cryptoflow.collector.store.WriteMode;
import io.cryptoflow.collector.testing.FakeTradeRest;
import io.cryptoflow.collector.testing.Footprints;
import io.cryptoflow.collector.testing.MiniWebSocketServer;
import io.cryptoflow.collector.testing.RawTrade;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import io.dropwizard.util.Duration;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BinanceTradeStreamTest {

    private static final MarketSymbol BTC = MarketSymbol.of("BINANCE", "BTCUSDT");
    private static final long T0 = 1_767_225_600_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final ExecutorService workers = Executors.newCachedThreadPool();
    // the exchange's trade history; REST serves ids up to restHead
    private final List<RawTrade> exchange = RawTrade.series(1, 1, 400, T0, 10_000, "97000");
    private final AtomicLong restHead = new AtomicLong();

    private MiniWebSocketServer ws;
    private FakeTradeRest rest;
    private TradeAggregator aggregator;
    private TradeSequencer sequencer;
    private TradeStream stream;

    @BeforeEach
    void start() throws Exception {
        ws = new MiniWebSocketServer();
        rest = new FakeTradeRest("/fapi/v1/aggTrades", q -> {
            long from = Long.parseLong(q.get("fromId"));
            int limit = Integer.parseInt(q.get("limit"));
            String body = exchange.stream().filter(t -> t.id() >= from && t.id() <= restHead.get()).limit(limit)
                    .map(RawTrade::binanceRest).collect(Collectors.joining(",", "[", "]"));
            return FakeTradeRest.Answer.json(body);
        });
        aggregator = new TradeAggregator(BTC, WriteMode.FOOTPRINT, Prices.parse("10"), metrics);
        sequencer = new TradeSequencer(BTC, true, aggregator, metrics, 10_000);
        // as a history import would: everything before trade 1 is known, so no candle is seen in part
        sequencer.resumeAfter(0, 0);
        stream = stream();
    }

    /** The stream under test; {@code settings} are extra {@code orderFlow:} lines of its section. */
    private TradeStream stream(String... settings) {
        List<String> all = new java.util.ArrayList<>(List.of("pingInterval: 20s", "minReconnectDelay: 20ms",
                "maxReconnectDelay: 200ms", "restPageInterval: 5ms"));
        all.addAll(List.of(settings));
        ExchangeConfiguration config = Sections.tradesOn(ws.baseUrl(), rest.baseUrl(), "", List.of("BTCUSDT"),
                all.toArray(String[]::new));
        TradeProtocol protocol = BinanceTradeProtocol.futures();
        return new TradeStream(protocol, config, Map.of("BTCUSDT", sequencer),
                new RestTradeFetcher(http, protocol, rest.baseUrl(), java.time.Duration.ofSeconds(5)),
                http, scheduler, workers, metrics);
    }

    @AfterEach
    void stop() throws Exception {
        stream.stop();
        scheduler.shutdownNow();
        workers.shutdownNow();
        ws.close();
        rest.close();
    }

    private void sendRange(MiniWebSocketServer.Conn c, long from, long to) throws Exception {
        for (RawTrade t : exchange.subList((int) from - 1, (int) to)) {
            c.send(t.binanceStream("BTCUSDT"));
        }
    }

    private List<CandleBatch> closeAndDrain() {
        aggregator.closeAll();
        return new ArrayList<>(aggregator.drain().batches());
    }

    @Test
    void aDroppedConnectionLosesNoTradeAndCountsNoneTwice() throws Exception {
        stream.start();
        MiniWebSocketServer.Conn first = ws.awaitConnection();
        assertThat(first.requestTarget).isEqualTo("/stream?streams=btcusdt@aggTrade");
        await().until(() -> !sequencer.isCatchingUp());
        sendRange(first, 1, 100);
        await().until(() -> sequencer.lastId() == 100);

        restHead.set(260); // trades 101..260 happen while we are disconnected
        first.drop();
        MiniWebSocketServer.Conn second = ws.awaitConnection();
        sendRange(second, 240, 400); // the new connection overlaps what REST will return
        await().until(() -> sequencer.lastId() == 400 && !sequencer.isCatchingUp());

        assertThat(rest.requests).anyMatch(r -> r.contains("fromId=101"));
        assertThat(registry.counter("cryptoflow.collector.ws.reconnects").getCount()).isGreaterThanOrEqualTo(1);
        assertThat(registry.meter("cryptoflow.collector.trades.recovered").getCount()).isEqualTo(160);
        assertThat(registry.counter("cryptoflow.collector.trades.gap-trades-lost").getCount()).isZero();
        List<CandleBatch> batches = closeAndDrain();
        for (Timeframe tf : Timeframe.values()) {
            Footprints.assertMatchTrades(Footprints.latest(batches, tf), exchange, "10", tf);
        }
    }

    @Test
    void anIdGapInTheLiveStreamIsCountedLoggedAndFilledOverRest() throws Exception {
        stream.start();
        MiniWebSocketServer.Conn c = ws.awaitConnection();
        await().until(() -> !sequencer.isCatchingUp());
        restHead.set(400);
        sendRange(c, 1, 50);
        sendRange(c, 61, 400); // 51..60 never arrive on the stream
        await().until(() -> sequencer.lastId() == 400 && !sequencer.isCatchingUp());

        assertThat(registry.counter("cryptoflow.collector.trades.gaps").getCount()).isEqualTo(1);
        assertThat(rest.requests).anyMatch(r -> r.contains("fromId=51"));
        List<CandleBatch> batches = closeAndDrain();
        Footprints.assertMatchTrades(Footprints.latest(batches, Timeframe.M15), exchange, "10", Timeframe.M15);
    }

    @Test
    void aMessageThatDoesNotParseIsRejectedWholeAndCounted() throws Exception {
        stream.start();
        MiniWebSocketServer.Conn c = ws.awaitConnection();
        await().until(() -> !sequencer.isCatchingUp());
        sendRange(c, 1, 3);
        c.send("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\",\"a\":4,\"p\":\"abc\",\"q\":\"1\",\"T\":1,\"m\":true}}");
        c.send("{\"stream\":\"btcusdt@aggTr");
        c.sendFragmented(exchange.get(3).binanceStream("BTCUSDT"));
        await().until(() -> sequencer.lastId() == 4);

        assertThat(registry.counter("cryptoflow.collector.trades.rejected").getCount()).isEqualTo(2);
        assertThat(aggregator.drain().batches().get(0).candles().get(0).tradeCount()).isEqualTo(4);
    }

    @Test
    void aQuietConnectionThatAnswersThePingIsKeptAndOneThatDoesNotIsReplaced() throws Exception {
        stream = stream("silenceTimeout: 1s");
        ws.answerPings(false);
        stream.start();
        MiniWebSocketServer.Conn deaf = ws.awaitConnection();
        ws.answerPings(true);
        MiniWebSocketServer.Conn next = ws.awaitConnection();
        await().until(deaf::isClosed);
        assertThat(deaf.pingsReceived.get()).as("the probe: a ping frame (Binance has no text ping)").isGreaterThanOrEqualTo(1);
        assertThat(registry.counter("cryptoflow.collector.ws.reconnects").getCount()).isGreaterThanOrEqualTo(1);

        // no trade for three timeouts: the pongs to the probes keep the connection
        Thread.sleep(3_000);
        assertThat(next.isClosed()).isFalse();
        assertThat(next.pingsReceived.get()).isGreaterThanOrEqualTo(2);

        // a server ping counts as life too: while they arrive, the connection is not even probed
        int probes = next.pingsReceived.get();
        for (int i = 0; i < 15; i++) {
            next.ping();
            Thread.sleep(100);
        }
        assertThat(next.isClosed()).isFalse();
        assertThat(next.pingsReceived.get()).as("at most the probe in flight when the pings began").isLessThanOrEqualTo(probes + 1);
    }

    @Test
    void aPlannedReconnectReplacesTheConnectionWithoutLosingTrades() throws Exception {
        restHead.set(0);
        stream.start();
        MiniWebSocketServer.Conn c = ws.awaitConnection();
        await().until(() -> !sequencer.isCatchingUp());
        sendRange(c, 1, 20);
        await().until(() -> sequencer.lastId() == 20);
        restHead.set(30);

        stream.reconnectNow("test: 24 h renewal");
        MiniWebSocketServer.Conn next = ws.awaitConnection();
        sendRange(next, 31, 40);
        await().until(() -> sequencer.lastId() == 40 && !sequencer.isCatchingUp());
        await().until(c::isClosed);
        List<CandleBatch> batches = closeAndDrain();
        Footprints.assertMatchTrades(Footprints.latest(batches, Timeframe.H1), exchange.subList(0, 40), "10", Timeframe.H1);
    }
}
