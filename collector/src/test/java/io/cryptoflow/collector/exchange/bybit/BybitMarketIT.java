package io.cryptoflow.collector.exchange.bybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.ExchangeUnavailableException;
import io.cryptoflow.collector.exchange.MalformedResponseException;
import io.cryptoflow.collector.sources.klines.KlineClient;
import io.cryptoflow.common.Candle;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.log.LoggedRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BybitMarketIT {

    private ExchangeSimulator sim;

    @AfterEach
    void tearDown() {
        if (sim != null) {
            sim.close();
        }
    }

    private KlineClient client() {
        return new KlineClient(BybitMarket.linear(sim.baseUrl()), HttpClient.newHttpClient(), Duration.ofSeconds(5),
                new MetricRegistry());
    }

    @Test
    void newestFirstListIsReturnedAscendingWithoutTakerFields() throws Exception {
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").start();

        List<Candle> candles = client().fetch("BTCUSDT", Timeframe.H1, null, null, 5);

        assertThat(candles).hasSize(5);
        assertThat(candles).isSortedAccordingTo((a, b) -> Long.compare(a.time(), b.time()));
        assertThat(candles.get(4).closed()).isFalse();
        // Bybit klines carry no taker volume or trade count: not known, so null (never 0)
        assertThat(candles).allSatisfy(c -> assertThat(c.hasTaker()).isFalse());
        assertThat(candles).allSatisfy(c -> assertThat(c.buyVolume()).isNull());
        assertThat(sim.requests().matching("/v5/market/kline").get(0).params())
                .containsEntry("category", "linear").containsEntry("interval", "60");
    }

    @Test
    void retCode10006BacksOffUntilTheAnnouncedResetAndSendsNothingMeanwhile() throws Exception {
        Duration window = Duration.ofSeconds(2);
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").bybitRequestLimit(1, window).start();
        KlineClient client = client();
        startJustAfterAWindowOpens(window);
        client.fetch("BTCUSDT", Timeframe.H1, null, null, 2);

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.H1, null, null, 2))
                .isInstanceOf(ExchangeUnavailableException.class).hasMessageContaining("10006");
        long blockedUntil = client.gate().blockedUntil();
        assertThat(blockedUntil).isGreaterThan(System.currentTimeMillis());

        client.fetch("BTCUSDT", Timeframe.H1, null, null, 2);

        List<LoggedRequest> log = sim.requests().matching("/v5/market/kline");
        assertThat(log).hasSize(3);
        assertThat(log.get(2).arrivedAt().toEpochMilli()).isGreaterThanOrEqualTo(blockedUntil - 5);
    }

    /**
     * Bybit's request windows are fixed on the wall clock (the simulator's too, {@code RequestCountLimiter}), so
     * two requests only share a window when neither straddles its end. Starting just after a window opens gives
     * the two requests almost the whole window; a CI run whose two requests fell on both sides of a boundary saw
     * the second one admitted.
     */
    private static void startJustAfterAWindowOpens(Duration window) throws InterruptedException {
        long windowMs = window.toMillis();
        long now = System.currentTimeMillis();
        Thread.sleep(Math.floorDiv(now, windowMs) * windowMs + windowMs - now + 20);
    }

    @Test
    void otherRetCodesRejectThePage() throws Exception {
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").start();

        assertThatThrownBy(() -> client().fetch("NOPEUSDT", Timeframe.H1, null, null, 2))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("retCode 10001");
    }

    @Test
    void status403StopsRequestsForTheConfiguredBan() throws Exception {
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").start();
        sim.faults().enqueue("/v5/market/kline", Fault.status(403));
        KlineClient client = client();

        assertThatThrownBy(() -> client.fetch("BTCUSDT", Timeframe.H1, null, null, 2))
                .isInstanceOf(ExchangeUnavailableException.class).hasMessageContaining("403");

        assertThat(client.gate().blockedUntil() - System.currentTimeMillis()).isGreaterThan(9 * 60_000L);
    }
}
