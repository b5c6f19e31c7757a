package io.cryptoflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cryptoflow.simulator.region.Exchange;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** A refused exchange answers 451 / 403 to REST and to the WebSocket upgrade; the others keep serving. */
class RegionRefusalIT {

    @Test
    void binanceRefusesEveryRequestWhileBybitServesUntilItIsRefusedToo() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT").refusedByRegion(Exchange.BINANCE).start()) {
            HttpResponse<String> klines = SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=15m");
            assertThat(klines.statusCode()).isEqualTo(451);
            assertThat(klines.body()).contains("restricted location");
            assertThatThrownBy(() -> WsClient.connect(sim.wsBaseUrl() + "/market/ws/btcusdt@aggTrade"))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                            .isEqualTo(451));
            assertThat(sim.requests().matching("/market/ws/")).extracting(r -> r.status()).containsExactly(451);
            assertThat(SimHttp.get(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=15")
                    .statusCode()).isEqualTo(200);

            sim.refuseFromRegion(Exchange.BYBIT, true);
            HttpResponse<String> bybit = SimHttp.get(sim.baseUrl() + "/v5/market/kline?category=linear&symbol=BTCUSDT&interval=15");
            assertThat(bybit.statusCode()).isEqualTo(403);
            assertThat(bybit.body()).contains("CloudFront");
            sim.refuseFromRegion(Exchange.BINANCE, false);
            assertThat(SimHttp.get(sim.baseUrl() + "/fapi/v1/klines?symbol=BTCUSDT&interval=15m").statusCode()).isEqualTo(200);
        }
    }
}
