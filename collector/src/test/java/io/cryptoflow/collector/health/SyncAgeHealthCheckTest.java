package io.cryptoflow.collector.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.collector.exchange.RegionRefusal;
import io.cryptoflow.collector.health.SyncAgeHealthCheck.MarketSync;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncAgeHealthCheckTest {

    private static final long NOW = 1_000_000_000L;
    private static final long MAX_AGE = 60_000;

    private final AtomicReference<List<MarketSync>> markets = new AtomicReference<>(List.of());
    private final SyncAgeHealthCheck check = new SyncAgeHealthCheck(() -> true, markets::get, MAX_AGE, () -> NOW);

    @Test
    void anExchangeDownLongerThanTheLimitIsADetailWhileAnotherMarketSyncs() {
        markets.set(List.of(synced("binance-futures", 5_000), synced("bybit-linear", 600_000)));
        var result = check.execute();
        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getMessage()).contains("1 market(s) stale");
        assertThat(result.getDetails().get("bybit-linear").toString()).startsWith("STALE: last successful sync 600000 ms ago");
        assertThat(result.getDetails().get("binance-futures").toString()).isEqualTo("last sync 5000 ms ago");
    }

    @Test
    void aBackfillingMarketCountsAsWorking() {
        markets.set(List.of(backfilling("binance-futures"), synced("bybit-linear", 600_000)));
        assertThat(check.execute().isHealthy()).isTrue();
    }

    @Test
    void everyMarketStaleIsUnhealthy() {
        markets.set(List.of(synced("binance-futures", 120_000), synced("bybit-linear", 600_000)));
        var result = check.execute();
        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).isEqualTo("no market has synced within 60000 ms (2 stale)");
    }

    @Test
    void aRefusedExchangeNeverTurnsTheCheckRed() {
        var refusal = new RegionRefusal("HTTP 451", Instant.ofEpochMilli(NOW - 1000), Instant.ofEpochMilli(NOW + 10_800_000));
        markets.set(List.of(new MarketSync("binance-futures", Optional.of(refusal), 0), synced("bybit-linear", 1_000)));
        var result = check.execute();
        assertThat(result.isHealthy()).isTrue();
        assertThat(result.getDetails().get("binance-futures").toString()).startsWith("REFUSED from this location: HTTP 451");
    }

    @Test
    void aDeadWorkerIsUnhealthy() {
        var dead = new SyncAgeHealthCheck(() -> false, markets::get, MAX_AGE, () -> NOW);
        assertThat(dead.execute().isHealthy()).isFalse();
    }

    private static MarketSync synced(String exchange, long age) {
        return new MarketSync(exchange, Optional.empty(), NOW - age);
    }

    private static MarketSync backfilling(String exchange) {
        return new MarketSync(exchange, Optional.empty(), 0);
    }
}
