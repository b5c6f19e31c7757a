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
        // the per-UID answer (retCode 10006) instead of the IP ban (403, 10 minutes) Bybit gives over its IP limit
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").bybitRequestLimit(1, window).bybitIpBan(null).start();
        KlineClient client = client();
        // Bybit counts in ANY window (the simulator too, rolling): two requests this close always share one
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
