package io.cryptoflow.collector.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.binance.BinanceFuturesMarket;
import io.cryptoflow.collector.exchange.binance.BinanceTradeProtocol;
import io.cryptoflow.collector.sources.klines.KlineClient;
import io.cryptoflow.collector.sources.trades.RestTradeFetcher;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.faults.Fault;
import io.cryptoflow.simulator.log.LoggedRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binance bans per IP: a 418 met by the trade catch-up must hold back the kline sync of the same
 * exchange, and a 418 met by the kline sync must hold back the catch-up, until Retry-After passes.
 */
class SharedRateGateIT {

    private static final long BAN_MS = 2_000;

    private ExchangeSimulator sim;
    private KlineClient klines;
    private RestTradeFetcher trades;

    @BeforeEach
    void start() throws Exception {
        sim = ExchangeSimulator.builder().symbols("BTCUSDT").enforceRateLimits(false)
                .liveSince(Instant.now().minus(Duration.ofMinutes(10))).start();
        RateGates gates = new RateGates();
        Market market = new BinanceFuturesMarket(sim.baseUrl());
        HttpClient http = HttpClient.newHttpClient();
        klines = new KlineClient(market, gates.of(market.exchange(), market.rateLimitRules()), http,
                Duration.ofSeconds(5), new MetricRegistry(), System::currentTimeMillis);
        trades = new RestTradeFetcher(http, BinanceTradeProtocol.futures(), sim.baseUrl(), Duration.ofSeconds(5),
                gates.of(market.exchange(), market.rateLimitRules()));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aBanMetByTheTradeCatchUpHoldsBackTheKlineSyncOfTheSameExchange() throws Exception {
        sim.faults().enqueue("/fapi/v1/aggTrades", Fault.status(418).retryAfterSeconds((int) (BAN_MS / 1000)));

        assertThatThrownBy(() -> trades.fetch("BTCUSDT", 1, 0)).isInstanceOf(RestTradeFetcher.RetryLaterException.class);
        klines.fetch("BTCUSDT", Timeframe.M15, null, null, 5);

        Instant banned = only(sim.requests().matching("/fapi/v1/aggTrades")).arrivedAt();
        Instant next = only(sim.requests().matching("/fapi/v1/klines")).arrivedAt();
        assertThat(Duration.between(banned, next)).isGreaterThanOrEqualTo(Duration.ofMillis(BAN_MS - 100));
    }

    @Test
    void aBanMetByTheKlineSyncHoldsBackTheTradeCatchUp() throws Exception {
        sim.faults().enqueue("/fapi/v1/klines", Fault.status(418).retryAfterSeconds((int) (BAN_MS / 1000)));

        assertThatThrownBy(() -> klines.fetch("BTCUSDT", Timeframe.M15, null, null, 5))
                .isInstanceOf(ExchangeUnavailableException.class);
        assertThat(trades.fetch("BTCUSDT", 1, 0)).isNotEmpty();

        Instant banned = only(sim.requests().matching("/fapi/v1/klines")).arrivedAt();
        Instant next = only(sim.requests().matching("/fapi/v1/aggTrades")).arrivedAt();
        assertThat(Duration.between(banned, next)).isGreaterThanOrEqualTo(Duration.ofMillis(BAN_MS - 100));
    }

    private static LoggedRequest only(List<LoggedRequest> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
