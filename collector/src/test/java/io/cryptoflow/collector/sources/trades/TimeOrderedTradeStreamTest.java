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
import io.cryptoflow.collector.exchange.bitget.BitgetTradeProtocol;
import io.cryptoflow.collector.exchange.bybit.BybitTradeProtocol;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bybit and Bitget: no trade sequence, so reconnect gaps are filled by time from their recent-trades REST. */
class TimeOrderedTradeStreamTest {

    private static final long T0 = 1_767_225_600_000L;

    private final MetricRegistry registry = new MetricRegistry();
    private final OrderFlowMetrics metrics = new OrderFlowMetrics(registry);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<RawTrade> exchange = RawTrade.series(5, 1, 150, T0, 7_000, "150.00");
    private final AtomicInteger restHead = new AtomicInteger();
    private MiniWebSocketServer ws;
    private FakeTradeRest rest;
    private TradeStream stream;

    @AfterEach
    void stop() throws Exception {
        if (stream != null) {
            stream.stop();
        }
        scheduler.shutdownNow();
        workers.shutdownNow();
        ws.close();
        rest.close();
    }

    private TradeSequencer start(TradeProtocol protocol, MarketSymbol market) throws Exception {
        ws = new MiniWebSocketServer();
        TradeAggregator agg = new TradeAggregator(market, WriteMode.FOOTPRINT_WITH_TAKER, Prices.parse("0.1"), metrics);
        TradeSequencer seq = new TradeSequencer(market, false, agg, metrics, 1000);
        // as a history import would: everything before the first trade is known, so no candle is seen in part
        seq.resumeAfter(0, 0);
        ExchangeConfiguration config = Sections.tradesOn(ws.baseUrl(), rest.baseUrl(), "", List.of(market.symbol()),
                "pingInterval: 100ms",
                "minReconnectDelay: 20ms",
                "maxReconnectDelay: 200ms");
        stream = new TradeStream(protocol, config, Map.of(market.symbol(), seq),
                new RestTradeFetcher(http, protocol, rest.baseUrl(), java.time.Duration.ofSeconds(5)),
                http, scheduler, workers, metrics);
        stream.start();
        return seq;
    }

    /** The newest {@code limit} trades up to restHead, newest first, as both exchanges list them. */
    private List<RawTrade> recent(int limit) {
        List<RawTrade> upTo = new ArrayList<>(exchange.subList(0, restHead.get()));
        upTo.sort(Comparator.comparingLong(RawTrade::time).reversed());
        return upTo.subList(0, Math.min(limit, upTo.size()));
    }

    @Test
    void bybitSubscribesPingsAndFillsAReconnectFromRecentTradesWithoutDoubleCounting() throws Exception {
        rest = new FakeTradeRest("/v5/market/recent-trade", q -> FakeTradeRest.Answer.json(
                "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
                        + recent(Integer.parseInt(q.get("limit"))).stream().map(t -> t.bybitRest("SOLUSDT"))
                        .collect(Collectors.joining(",")) + "]},\"retExtInfo\":{},\"time\":1}"));
        TradeSequencer seq = start(new BybitTradeProtocol(), MarketSymbol.of("BYBIT", "SOLUSDT"));
        MiniWebSocketServer.Conn c = ws.awaitConnection();
        await().until(() -> c.received.contains("{\"op\":\"subscribe\",\"args\":[\"publicTrade.SOLUSDT\"]}"));
        await().until(() -> c.received.contains("{\"op\":\"ping\"}"));
        c.send("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"x\",\"op\":\"ping\"}");
        await().until(() -> !seq.isCatchingUp());
        sendBybit(c, 0, 50);
        await().until(() -> seq.lastTime() == exchange.get(49).time());

        restHead.set(120);
        c.drop();
        MiniWebSocketServer.Conn c2 = ws.awaitConnection();
        sendBybit(c2, 100, 150);
        await().until(() -> seq.lastTime() == exchange.get(149).time() && !seq.isCatchingUp());

        assertThat(rest.requests).anyMatch(r -> r.contains("category=linear&symbol=SOLUSDT"));
        List<CandleBatch> batches = drainAll(seq);
        for (Timeframe tf : Timeframe.values()) {
            Footprints.assertMatchTrades(Footprints.latest(batches, tf), exchange, "0.1", tf);
        }
    }

    private List<CandleBatch> drainAll(TradeSequencer seq) {
        seq.aggregator().closeAll();
        return seq.aggregator().drain().batches();
    }

    private void sendBybit(MiniWebSocketServer.Conn c, int from, int to) throws Exception {
        for (int i = from; i < to; i += 5) {
            c.send("{\"topic\":\"publicTrade.SOLUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":["
                    + exchange.subList(i, Math.min(to, i + 5)).stream().map(t -> t.bybitStream("SOLUSDT"))
                    .collect(Collectors.joining(",")) + "]}");
        }
    }

    @Test
    void bitgetSendsTextPingsAndDropsTheSubscribeSnapshotsOverlap() throws Exception {
        rest = new FakeTradeRest("/api/v2/mix/market/fills-history", q -> FakeTradeRest.Answer.json(
                "{\"code\":\"00000\",\"msg\":\"success\",\"requestTime\":1,\"data\":["
                        + recent(Integer.parseInt(q.get("limit"))).stream()
                        .filter(t -> !q.containsKey("startTime") || t.time() >= Long.parseLong(q.get("startTime")))
                        .map(t -> t.bitgetStream().replace("\"side\":\"buy\"", "\"side\":\"Buy\"")
                                .replace("\"side\":\"sell\"", "\"side\":\"Sell\"") .replace("}", ",\"symbol\":\"ETHUSDT\"}"))
                        .collect(Collectors.joining(",")) + "]}"));
        TradeSequencer seq = start(new BitgetTradeProtocol(), MarketSymbol.of("BITGET", "ETHUSDT"));
        MiniWebSocketServer.Conn c = ws.awaitConnection();
        await().until(() -> c.received.contains(
                "{\"op\":\"subscribe\",\"args\":[{\"instType\":\"USDT-FUTURES\",\"channel\":\"trade\",\"instId\":\"ETHUSDT\"}]}"));
        await().until(() -> c.received.contains("ping"));
        c.send("pong");
        await().until(() -> !seq.isCatchingUp());
        sendBitget(c, "update", 0, 60);
        await().until(() -> seq.lastTime() == exchange.get(59).time());

        restHead.set(90);
        c.drop();
        MiniWebSocketServer.Conn c2 = ws.awaitConnection();
        sendBitget(c2, "snapshot", 80, 100); // the snapshot on subscribe repeats recent trades
        sendBitget(c2, "update", 100, 150);
        await().until(() -> seq.lastTime() == exchange.get(149).time() && !seq.isCatchingUp());

        // the newest page without a time range: a startTime beyond Bitget's history would be refused
        assertThat(rest.requests).anyMatch(r -> r.contains("fills-history") && !r.contains("startTime="));
        List<CandleBatch> batches = drainAll(seq);
        for (Timeframe tf : Timeframe.values()) {
            Footprints.assertMatchTrades(Footprints.latest(batches, tf), exchange, "0.1", tf);
        }
        assertThat(registry.counter("cryptoflow.collector.trades.duplicate").getCount()).isGreaterThan(0);
    }

    private void sendBitget(MiniWebSocketServer.Conn c, String action, int from, int to) throws Exception {
        List<RawTrade> part = new ArrayList<>(exchange.subList(from, to));
        part.sort(Comparator.comparingLong(RawTrade::time).reversed()); // Bitget lists newest first
        c.send("{\"action\":\"" + action + "\",\"arg\":{\"instType\":\"USDT-FUTURES\",\"channel\":\"trade\",\"instId\":\"ETHUSDT\"},"
                + "\"data\":[" + part.stream().map(RawTrade::bitgetStream).collect(Collectors.joining(",")) + "],\"ts\":1}");
    }
}
