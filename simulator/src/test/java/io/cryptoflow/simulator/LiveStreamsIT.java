package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.market.OrderBook;
import io.cryptoflow.simulator.market.Venue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveStreamsIT {

    static final Instant START = Instant.parse("2026-06-01T10:00:30Z");
    ManualClock clock;
    ExchangeSimulator sim;
    final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        clock = new ManualClock(START);
        sim = ExchangeSimulator.builder().clock(clock).liveTradesPerMinute(60).liveTick(Duration.ofMillis(20))
                .enforceRateLimits(false).start();
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        sim.close();
    }

    private WsClient connect(String path) throws Exception {
        WsClient c = WsClient.connect(sim.wsBaseUrl() + path);
        clients.add(c);
        return c;
    }

    private void advanceInSteps(Duration total, int steps) throws InterruptedException {
        for (int i = 0; i < steps; i++) {
            clock.advance(total.dividedBy(steps));
            Thread.sleep(30);
        }
    }

    @Test
    void binanceFuturesAggTradeStreamDeliversExactlyTheRestAggTrades() throws Exception {
        WsClient ws = connect("/market/ws/btcusdt@aggTrade");
        await().until(() -> sim.openWebSockets() == 1);
        advanceInSteps(Duration.ofSeconds(60), 6);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 55);
        Thread.sleep(100);
        List<JsonNode> events = ws.messages.stream().map(SimHttp::parse).toList();
        JsonNode first = events.get(0);
        assertThat(first.get("e").asText()).isEqualTo("aggTrade");
        assertThat(first.get("s").asText()).isEqualTo("BTCUSDT");
        assertThat(first.get("T").asLong()).isGreaterThan(START.toEpochMilli());
        JsonNode rest = SimHttp.json(sim.baseUrl() + "/fapi/v1/aggTrades?symbol=BTCUSDT&limit=1000&fromId="
                + first.get("a").asLong());
        assertThat(rest.size()).isEqualTo(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode ev = events.get(i);
            JsonNode r = rest.get(i);
            for (String f : List.of("a", "p", "q", "f", "l", "T", "m")) {
                assertThat(ev.get(f)).as("field %s of trade %d", f, i).isEqualTo(r.get(f));
            }
        }
        assertThat(sim.requests().matching("/market/ws/")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(101));
    }

    @Test
    void combinedStreamWrapsEventsWithTheirStreamName() throws Exception {
        WsClient ws = connect("/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade");
        await().until(() -> sim.openWebSockets() == 1);
        advanceInSteps(Duration.ofSeconds(20), 4);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 30);
        List<String> streams = ws.messages.stream().map(m -> SimHttp.parse(m).get("stream").asText()).distinct().toList();
        assertThat(streams).containsExactlyInAnyOrder("btcusdt@aggTrade", "ethusdt@aggTrade");
        JsonNode data = SimHttp.parse(ws.messages.get(0)).get("data");
        assertThat(data.get("e").asText()).isEqualTo("aggTrade");
    }

    @Test
    void binanceSpotSubscribeRequestIsAcknowledgedWithItsId() throws Exception {
        WsClient ws = connect("/ws/ignored");
        ws.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"solusdt@aggTrade\"],\"id\":7}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !ws.messages.isEmpty());
        assertThat(SimHttp.parse(ws.messages.get(0))).isEqualTo(SimHttp.parse("{\"result\":null,\"id\":7}"));
        advanceInSteps(Duration.ofSeconds(10), 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 5);
        JsonNode trade = SimHttp.parse(ws.messages.get(1));
        assertThat(trade.get("s").asText()).isEqualTo("SOLUSDT");
        assertThat(trade.get("M").asBoolean()).isTrue();
    }

    @Test
    void bybitPublicTradeAcksAnswersPingAndSumsToTheOneMinuteKline() throws Exception {
        clock.set(Instant.parse("2026-06-01T10:00:00Z"));
        WsClient ws = connect("/v5/public/linear");
        ws.send("{\"op\":\"subscribe\",\"args\":[\"publicTrade.ETHUSDT\"],\"req_id\":\"r1\"}");
        ws.send("{\"op\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 2);
        JsonNode ack = SimHttp.parse(ws.messages.get(0));
        assertThat(ack.get("success").asBoolean()).isTrue();
        assertThat(ack.get("op").asText()).isEqualTo("subscribe");
        assertThat(ack.get("req_id").asText()).isEqualTo("r1");
        assertThat(SimHttp.parse(ws.messages.get(1)).get("ret_msg").asText()).isEqualTo("pong");

        advanceInSteps(Duration.ofSeconds(61), 8);
        Thread.sleep(200);
        BigDecimal volume = BigDecimal.ZERO;
        BigDecimal buy = BigDecimal.ZERO;
        long minuteStart = Instant.parse("2026-06-01T10:00:00Z").toEpochMilli();
        for (String m : ws.messages.subList(2, ws.messages.size())) {
            JsonNode msg = SimHttp.parse(m);
            assertThat(msg.get("topic").asText()).isEqualTo("publicTrade.ETHUSDT");
            assertThat(msg.get("type").asText()).isEqualTo("snapshot");
            for (JsonNode t : msg.get("data")) {
                assertThat(t.get("S").asText()).isIn("Buy", "Sell");
                if (t.get("T").asLong() < minuteStart + 60_000) {
                    volume = volume.add(new BigDecimal(t.get("v").asText()));
                    if (t.get("S").asText().equals("Buy")) {
                        buy = buy.add(new BigDecimal(t.get("v").asText()));
                    }
                }
            }
        }
        JsonNode kline = SimHttp.json(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=ETHUSDT&interval=1&start="
                + minuteStart + "&end=" + minuteStart).at("/result/list/0");
        assertThat(new BigDecimal(kline.get(5).asText())).isEqualByComparingTo(volume);
        assertThat(buy).isPositive().isLessThan(volume);
    }

    @Test
    void bitgetTradeChannelSendsSnapshotThenUpdatesNewestFirstAndAnswersPing() throws Exception {
        WsClient ws = connect("/v2/ws/public");
        ws.send("{\"op\":\"subscribe\",\"args\":[{\"instType\":\"USDT-FUTURES\",\"channel\":\"trade\",\"instId\":\"BTCUSDT\"}]}");
        ws.send("ping");
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 3);
        assertThat(SimHttp.parse(ws.messages.get(0)).get("event").asText()).isEqualTo("subscribe");
        JsonNode snapshot = SimHttp.parse(ws.messages.get(1));
        assertThat(snapshot.get("action").asText()).isEqualTo("snapshot");
        assertThat(snapshot.get("data")).hasSize(50);
        assertThat(snapshot.at("/data/0/ts").asLong()).isGreaterThanOrEqualTo(snapshot.at("/data/49/ts").asLong());
        assertThat(snapshot.at("/data/0/ts").asLong()).isLessThanOrEqualTo(START.toEpochMilli());
        assertThat(ws.messages.get(2)).isEqualTo("pong");
        advanceInSteps(Duration.ofSeconds(10), 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 4);
        JsonNode update = SimHttp.parse(ws.messages.get(3));
        assertThat(update.get("action").asText()).isEqualTo("update");
        assertThat(update.at("/arg/instId").asText()).isEqualTo("BTCUSDT");
        assertThat(update.at("/data/0/side").asText()).isIn("buy", "sell");
        long newestSnapshotId = snapshot.at("/data/0/tradeId").asLong();
        JsonNode updates = update.get("data");
        assertThat(updates.get(updates.size() - 1).get("tradeId").asLong()).isEqualTo(newestSnapshotId + 1);
    }

    @Test
    void droppedMidMessageTheClientGapFillsOverRestFromTheLastIdWithoutLosingATrade() throws Exception {
        WsClient ws = connect("/market/ws/ethusdt@aggTrade");
        await().until(() -> sim.openWebSockets() == 1);
        advanceInSteps(Duration.ofSeconds(10), 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 5);
        sim.faults().enqueue("/market/ws/", Fault.dropMidMessage());
        advanceInSteps(Duration.ofSeconds(10), 2);
        assertThat(ws.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        assertThat(ws.fragments).hasSizeLessThanOrEqualTo(1);
        ws.fragments.forEach(f -> assertThat(f).startsWith("{\"e\":\"aggTrade\""));
        long lastSeen = SimHttp.parse(ws.messages.get(ws.messages.size() - 1)).get("a").asLong();

        advanceInSteps(Duration.ofSeconds(10), 2);
        WsClient again = connect("/market/ws/ethusdt@aggTrade");
        await().until(() -> sim.openWebSockets() == 1);
        advanceInSteps(Duration.ofSeconds(10), 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> again.messages.size() >= 3);
        long firstLive = SimHttp.parse(again.messages.get(0)).get("a").asLong();
        JsonNode gap = SimHttp.json(sim.baseUrl() + "/fapi/v1/aggTrades?symbol=ETHUSDT&limit=1000&fromId=" + (lastSeen + 1));
        List<Long> gapIds = new ArrayList<>();
        gap.forEach(t -> gapIds.add(t.get("a").asLong()));
        assertThat(gapIds).contains(firstLive - 1).doesNotContain(lastSeen);
        assertThat(gapIds.get(0)).isEqualTo(lastSeen + 1);
    }

    @Test
    void hostileControlMessagesGetErrorsAndTheStreamKeepsRunning() throws Exception {
        WsClient binance = connect("/market/ws/btcusdt@aggTrade");
        WsClient bybit = connect("/v5/public/linear");
        WsClient bitget = connect("/v2/ws/public");
        binance.send("{not json");
        binance.send("{\"method\":\"DROP_TABLE\",\"id\":1}");
        bybit.send("\u0000\u0001garbage");
        bybit.send("{\"op\":\"subscribe\",\"args\":[\"publicTrade.NOPE'; --\"]}");
        bitget.send("{\"op\":\"subscribe\",\"args\":[{\"instType\":\"USDT-FUTURES\",\"channel\":\"trade\",\"instId\":\"NOPE\"}]}");
        bitget.send("x".repeat(50_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> binance.messages.size() >= 2 && bybit.messages.size() >= 2
                && bitget.messages.size() >= 2);
        assertThat(SimHttp.parse(binance.messages.get(0)).has("error")).isTrue();
        assertThat(SimHttp.parse(binance.messages.get(1)).at("/error/code").asInt()).isEqualTo(2);
        assertThat(SimHttp.parse(bybit.messages.get(0)).get("success").asBoolean()).isFalse();
        assertThat(SimHttp.parse(bybit.messages.get(1)).get("success").asBoolean()).isFalse();
        assertThat(SimHttp.parse(bitget.messages.get(0)).get("event").asText()).isEqualTo("error");
        assertThat(SimHttp.parse(bitget.messages.get(1)).get("event").asText()).isEqualTo("error");

        advanceInSteps(Duration.ofSeconds(10), 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> binance.messages.size() >= 6);
        assertThat(SimHttp.parse(binance.messages.get(binance.messages.size() - 1)).get("e").asText()).isEqualTo("aggTrade");
        assertThat(SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1").statusCode()).isEqualTo(200);
    }

    @Test
    void connectionsAreCutAtTheirMaximumAgeLikeBinancesDailyCut() throws Exception {
        ManualClock wall = ManualClock.at("2026-11-26T10:00:00Z");
        try (ExchangeSimulator aging = ExchangeSimulator.builder().clock(clock).wallClock(wall)
                .liveTick(Duration.ofMillis(20)).webSocketMaxAge(Duration.ofHours(24))
                .binanceFuturesKeepAlive(null, null).start()) { // the jumping wall clock leaves no time to pong
            WsClient ws = WsClient.connect(aging.wsBaseUrl() + "/market/ws/btcusdt@aggTrade");
            clients.add(ws);
            await().until(() -> aging.openWebSockets() == 1);
            wall.advance(Duration.ofHours(23));
            Thread.sleep(100);
            assertThat(ws.closed).isNotDone();
            wall.advance(Duration.ofHours(1));
            assertThat(ws.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> aging.openWebSockets() == 0);
        }
    }

    @Test
    void dropConnectionFaultCutsOnlyTheMatchingStreamAtItsNextMessage() throws Exception {
        WsClient futures = connect("/market/ws/btcusdt@aggTrade");
        WsClient bybit = connect("/v5/public/linear");
        bybit.send("{\"op\":\"subscribe\",\"args\":[\"publicTrade.BTCUSDT\"]}");
        await().until(() -> sim.openWebSockets() == 2 && !bybit.messages.isEmpty());
        sim.faults().enqueue("/market/ws/", Fault.dropConnection());
        advanceInSteps(Duration.ofSeconds(10), 2);
        assertThat(futures.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        assertThat(futures.messages).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> bybit.messages.size() >= 2);
        assertThat(bybit.closed).isNotDone();
        assertThat(sim.openWebSockets()).isEqualTo(1);
        assertThat(sim.faults().pending()).isZero();
    }

    /** A queued cut waits for a trade message: liquidation and book pushes alone never take it (nothing would be lost). */
    @Test
    void dropConnectionFaultWaitsForATradeMessage() throws Exception {
        WsClient pushesOnly = connect("/market/stream?streams=btcusdt@forceOrder/btcusdt@depth@100ms");
        await().until(() -> sim.openWebSockets() == 1);
        sim.faults().enqueue("/market/", Fault.dropConnection());
        advanceInSteps(Duration.ofSeconds(30), 30);
        await().atMost(Duration.ofSeconds(5)).until(() -> pushesOnly.messages.stream().anyMatch(m -> m.contains("forceOrder"))
                && pushesOnly.messages.stream().anyMatch(m -> m.contains("depthUpdate")));
        assertThat(pushesOnly.closed).isNotDone();
        assertThat(sim.faults().pending()).isEqualTo(1);

        WsClient trades = connect("/market/ws/btcusdt@aggTrade");
        await().until(() -> sim.openWebSockets() == 2);
        advanceInSteps(Duration.ofSeconds(10), 2);
        assertThat(trades.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        assertThat(sim.faults().pending()).isZero();
        assertThat(pushesOnly.closed).isNotDone();
    }

    @Test
    void dropWebSocketsCutsOpenConnections() throws Exception {
        WsClient ws = connect("/v5/public/spot");
        await().until(() -> sim.openWebSockets() == 1);
        assertThat(sim.dropWebSockets("/v5/")).isEqualTo(1);
        assertThat(ws.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> sim.openWebSockets() == 0);
    }

    /** A silenced connection stays open but sends nothing more: no trade, no answer to a ping. */
    @Test
    void silenceWebSocketsKeepsTheConnectionOpenButSendsNothing() throws Exception {
        WsClient ws = connect("/market/ws/btcusdt@aggTrade");
        await().until(() -> sim.openWebSockets() == 1);
        advanceInSteps(Duration.ofSeconds(10), 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.size() >= 5);
        assertThat(sim.silenceWebSockets("/market")).isEqualTo(1);
        int before = ws.messages.size();
        ws.socket.sendPing(java.nio.ByteBuffer.wrap("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        advanceInSteps(Duration.ofSeconds(10), 2);
        Thread.sleep(300);
        assertThat(ws.messages).hasSize(before);
        assertThat(ws.pongs).isEmpty();
        assertThat(ws.closed).isNotDone();
    }

    /** RFC 6455 5.5.2, Binance: a client's ping frame is answered with a pong of its payload; the pings count as messages. */
    @Test
    void aClientPingFrameIsAnsweredWithAPongAndCountsAsAnIncomingMessage() throws Exception {
        sim.close();
        sim = ExchangeSimulator.builder().clock(clock).liveTradesPerMinute(60).liveTick(Duration.ofMillis(20)).start();
        WsClient ws = connect("/ws/btcusdt@aggTrade");
        ws.socket.sendPing(java.nio.ByteBuffer.wrap("are you there".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.pongs.contains("are you there"));

        for (int i = 0; i < 6; i++) { // Binance spot takes 5 incoming messages a second
            ws.socket.sendPing(java.nio.ByteBuffer.allocate(0)).join();
        }
        assertThat(ws.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("close 1008");
    }

    /** The order-book streams and Binance's depth snapshot on their real paths (docs/exchanges.md "Order books"). */
    @Test
    void eachExchangeServesItsBookOnItsRealPathsFromTheTrueBook() throws Exception {
        sim.bookFaults().armAt(BookFaults.Kind.WRONG_CHECKSUM, Venue.BITGET_FUTURES, "BTCUSDT", clock.millis() + 500);
        WsClient binance = connect("/market/stream?streams=btcusdt@aggTrade/btcusdt@depth@100ms");
        WsClient bybit = connect("/v5/public/linear");
        bybit.send("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}");
        WsClient bitget = connect("/v2/ws/public");
        bitget.send("{\"op\":\"subscribe\",\"args\":[{\"instType\":\"USDT-FUTURES\",\"channel\":\"books\",\"instId\":\"BTCUSDT\"}]}");
        await().until(() -> bybit.messages.size() >= 2 && bitget.messages.size() >= 2);

        JsonNode depth = SimHttp.json(sim.baseUrl() + "/fapi/v1/depth?symbol=BTCUSDT&limit=5");
        OrderBook truth = sim.book(Venue.BINANCE_FUTURES, "BTCUSDT", clock.millis()).orElseThrow();
        assertThat(new BigDecimal(depth.get("bids").get(0).get(0).asText())).isEqualTo(truth.bids().firstKey());
        assertThat(new BigDecimal(depth.get("asks").get(0).get(1).asText())).isEqualTo(truth.asks().firstEntry().getValue());

        JsonNode ack = SimHttp.parse(bybit.messages.get(0));
        assertThat(ack.get("success").asBoolean()).isTrue();
        JsonNode snapshot = SimHttp.parse(bybit.messages.get(1));
        assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.get("data").get("b")).hasSize(50);
        assertThat(SimHttp.parse(bitget.messages.get(0)).get("event").asText()).isEqualTo("subscribe");
        assertThat(SimHttp.parse(bitget.messages.get(1)).get("action").asText()).isEqualTo("snapshot");

        advanceInSteps(Duration.ofSeconds(1), 10);
        await().until(() -> binance.messages.stream().anyMatch(m -> m.contains("depthUpdate"))
                && bybit.messages.size() >= 8 && bitget.messages.size() >= 6);
        JsonNode event = SimHttp.parse(binance.messages.stream().filter(m -> m.contains("depthUpdate")).findFirst().get());
        assertThat(event.get("stream").asText()).isEqualTo("btcusdt@depth@100ms");
        assertThat(event.get("data").get("pu").asLong()).isLessThan(event.get("data").get("U").asLong());
        assertThat(SimHttp.parse(bybit.messages.get(2)).get("data").get("u").asLong())
                .isEqualTo(snapshot.get("data").get("u").asLong() + 1);
        await().until(() -> sim.bookFaults().injected().size() == 1);
        assertThat(sim.bookFaults().injected().get(0).kind()).isEqualTo(BookFaults.Kind.WRONG_CHECKSUM);
    }
}
