package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Over the wire: Bybit spot's 10-args refusal, Binance's message-rate cut and its server pings. */
class WebSocketLimitsIT {

    @Test
    void bybitSpotRefusesElevenArgsAndBinanceCutsTheEleventhMessageInASecond() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT").start()) {
            WsClient bybit = WsClient.connect(sim.wsBaseUrl() + "/v5/public/spot");
            List<String> args = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                args.add("\"publicTrade.SYM" + i + "USDT\"");
            }
            bybit.send("{\"op\":\"subscribe\",\"args\":[" + String.join(",", args) + "]}");
            await().atMost(Duration.ofSeconds(5)).until(() -> !bybit.messages.isEmpty());
            assertThat(SimHttp.parse(bybit.messages.get(0)).get("ret_msg").asText()).isEqualTo("args size >10");
            bybit.close();

            WsClient binance = WsClient.connect(sim.wsBaseUrl() + "/market/ws/btcusdt@aggTrade");
            // each send waits for the one before: java.net.http refuses a send while one is pending, so
            // on a busy machine the unjoined sends of eleven lost some messages and nothing was cut
            for (int i = 0; i < 11; i++) {
                binance.socket.sendText("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}", true).join();
            }
            assertThat(binance.closed.get(5, TimeUnit.SECONDS)).isEqualTo("close 1008");
        }
    }

    @Test
    void binanceFuturesPingsAtItsIntervalAndAPongingClientStaysConnected() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT").liveTick(Duration.ofMillis(20))
                .binanceFuturesKeepAlive(Duration.ofMillis(200), Duration.ofSeconds(1)).start()) {
            WsClient ws = WsClient.connect(sim.wsBaseUrl() + "/market/ws/btcusdt@aggTrade");
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.pings.get() >= 8);
            assertThat(ws.closed).isNotDone();
            ws.close();
        }
    }
}
