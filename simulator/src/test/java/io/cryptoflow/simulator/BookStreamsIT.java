package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cryptoflow.simulator.faults.BookFaults;
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

/** The order-book streams and the Binance depth snapshot on the real paths of a running simulator. */
class BookStreamsIT {

    static final Instant START = Instant.parse("2026-06-01T10:00:30Z");
    ManualClock clock;
    ExchangeSimulator sim;
    final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        clock = new ManualClock(START);
        sim = ExchangeSimulator.builder().clock(clock).liveTick(Duration.ofMillis(20)).enforceRateLimits(false)
                .bookFault(BookFaults.Kind.WRONG_CHECKSUM, Venue.BITGET_FUTURES, "BTCUSDT", START.plusMillis(500))
                .start();
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

    private void advance(int steps) throws InterruptedException {
        for (int i = 0; i < steps; i++) {
            clock.advance(Duration.ofMillis(100));
            Thread.sleep(40);
        }
    }

    @Test
    void eachExchangeServesItsBookOnItsRealPathsFromTheTrueBook() throws Exception {
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

        advance(10);
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
