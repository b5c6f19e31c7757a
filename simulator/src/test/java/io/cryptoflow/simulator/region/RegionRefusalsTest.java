package io.cryptoflow.simulator.region;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.simulator.http.SimResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** From a restricted region Binance answers 451 and Bybit's CloudFront 403 to every request, archives aside. */
class RegionRefusalsTest {

    @Test
    void binanceAnswers451WithItsEligibilityMessageToEveryRestAndStreamPath() {
        RegionRefusals refusals = new RegionRefusals(Set.of(Exchange.BINANCE));
        for (String path : new String[] {"/fapi/v1/klines", "/fapi/v1/aggTrades", "/api/v3/klines", "/market/ws/btcusdt@aggTrade",
                "/ws/btcusdt@aggTrade", "/stream", "/market/stream"}) {
            SimResponse answer = refusals.refusal(path).orElseThrow();
            assertThat(answer.status()).as(path).isEqualTo(451);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                    .contains("\"code\": 0").contains("Service unavailable from a restricted location according to 'b. Eligibility'");
        }
        assertThat(refusals.refusal("/v5/market/kline")).isEmpty();
        assertThat(refusals.refusal("/api/v2/mix/market/candles")).isEmpty();
        assertThat(refusals.refusal("/data/futures/um/daily/aggTrades/BTCUSDT/BTCUSDT-aggTrades-2026-01-01.zip")).isEmpty();
    }

    @Test
    void bybitAnswersCloudFront403HtmlAndCanBeSwitchedOffAgain() {
        RegionRefusals refusals = new RegionRefusals(Set.of());
        assertThat(refusals.matches("/v5/market/recent-trade")).isFalse();
        refusals.refuse(Exchange.BYBIT, true);
        SimResponse answer = refusals.refusal("/v5/market/recent-trade").orElseThrow();
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.contentType()).isEqualTo("text/html");
        assertThat(new String(answer.body(), StandardCharsets.ISO_8859_1))
                .contains("The Amazon CloudFront distribution is configured to block access from your country.");
        assertThat(refusals.matches("/v5/public/spot")).isTrue();
        assertThat(refusals.matches("/trading/BTCUSDT/BTCUSDT2026-01-01.csv.gz")).isFalse();
        refusals.refuse(Exchange.BYBIT, false);
        assertThat(refusals.matches("/v5/market/kline")).isFalse();
    }
}
