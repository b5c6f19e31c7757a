package io.cryptoflow.collector.exchange.bybit;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateGate;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.sources.klines.KlineClient;
import io.cryptoflow.collector.sources.trades.RestTradeFetcher;
import io.cryptoflow.common.Timeframe;
import io.cryptoflow.simulator.ExchangeSimulator;
import io.cryptoflow.simulator.log.LoggedRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 6: Bybit allows 600 requests per IP in ANY 5-second window and bans the IP for 10
 * minutes (HTTP 403) beyond it. Klines and the REST trade catch-up together, as fast as they can,
 * book every request on the one Bybit gate and stay under the budget in every rolling window: the
 * simulator (rolling window, 403 ban) never refuses one. Before issue 24 the catch-up's requests
 * were not booked at all and the gate counted fixed windows.
 */
class BybitRollingBudgetIT {

    private static final int SIM_LIMIT = 520; // a little above the collector's own 500, below Bybit's 600

    @Test
    void klinesAndTradeCatchUpTogetherStayUnderTheBudgetInEveryRollingWindow() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT")
                .liveSince(Instant.now().minus(Duration.ofMinutes(10)))
                .bybitRequestLimit(SIM_LIMIT, Duration.ofSeconds(5)).start()) {
            RateGates gates = new RateGates();
            Market linear = BybitMarket.linear(sim.baseUrl());
            RateGate gate = gates.of(linear.exchange(), linear.rateLimitRules());
            HttpClient http = HttpClient.newHttpClient();
            KlineClient klines = new KlineClient(linear, gate, http, Duration.ofSeconds(10), new MetricRegistry(),
                    System::currentTimeMillis);
            RestTradeFetcher trades = new RestTradeFetcher(http, new BybitTradeProtocol(), sim.baseUrl(),
                    Duration.ofSeconds(10), gates.of("BYBIT_SPOT", BybitMarket.spot(sim.baseUrl()).rateLimitRules()));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < 150; i++) {
                            klines.fetch("BTCUSDT", Timeframe.H1, null, null, 2);
                        }
                        return null;
                    }));
                    runs.add(pool.submit(() -> {
                        for (int i = 0; i < 150; i++) {
                            trades.fetch("BTCUSDT", -1, 0);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : runs) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            List<LoggedRequest> bybit = sim.requests().where(r -> r.path().startsWith("/v5/market/"));
            assertThat(bybit).hasSize(600);
            // the simulator counts arrivals in a rolling window and answers 403 (10-minute ban) beyond it
            assertThat(bybit).noneMatch(r -> r.status() == 403);
            long span = bybit.get(bybit.size() - 1).arrivedAt().toEpochMilli() - bybit.get(0).arrivedAt().toEpochMilli();
            assertThat(span).as("600 requests at 500 per 5 s need more than one window").isGreaterThan(5_000);
        }
    }
}
