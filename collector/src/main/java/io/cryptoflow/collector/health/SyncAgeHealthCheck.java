package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.exchange.RegionRefusal;
import io.cryptoflow.collector.sources.klines.CollectorService;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The markets' newest candles were synced recently. Each market's state is a detail: backfilling (no
 * sync yet), synced n ms ago, STALE (its exchange has not answered for longer than {@code maxAge}), or
 * REFUSED from this location. A stale or refused market is its exchange's fault, not the collector's,
 * and must not turn the markets that work (nor the compose stack waiting on this check) red: the
 * check is unhealthy only when a worker thread died, or when no market at all is syncing or
 * backfilling although one has synced before (then nothing this collector writes is current).
 */
public class SyncAgeHealthCheck extends HealthCheck {

    /** What the check needs of one market worker. */
    public record MarketSync(String exchange, Optional<RegionRefusal> refusal, long lastSyncAt) {}

    private final Supplier<Boolean> allAlive;
    private final Supplier<List<MarketSync>> markets;
    private final long maxAgeMillis;
    private final LongSupplier clock;

    public SyncAgeHealthCheck(CollectorService service, long maxAgeMillis, LongSupplier clock) {
        this(service::allAlive,
                () -> service.workers().stream()
                        .map(w -> new MarketSync(w.exchange(), w.refusal(), w.lastSyncAt()))
                        .toList(),
                maxAgeMillis, clock);
    }

    SyncAgeHealthCheck(Supplier<Boolean> allAlive, Supplier<List<MarketSync>> markets, long maxAgeMillis, LongSupplier clock) {
        this.allAlive = allAlive;
        this.markets = markets;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        if (!allAlive.get()) {
            return Result.unhealthy("a market worker thread is not running");
        }
        long now = clock.getAsLong();
        ResultBuilder result = Result.builder();
        int working = 0;
        int stale = 0;
        for (MarketSync m : markets.get()) {
            if (m.refusal().isPresent()) {
                RegionRefusal refusal = m.refusal().get();
                result.withDetail(m.exchange(), "REFUSED from this location: " + refusal.reason() + "; next try " + refusal.retryAt());
            } else if (m.lastSyncAt() == 0) {
                working++;
                result.withDetail(m.exchange(), "backfilling, no sync yet");
            } else if (now - m.lastSyncAt() > maxAgeMillis) {
                stale++;
                result.withDetail(m.exchange(), "STALE: last successful sync " + (now - m.lastSyncAt())
                        + " ms ago (limit " + maxAgeMillis + " ms); its exchange is retried with back-off");
            } else {
                working++;
                result.withDetail(m.exchange(), "last sync " + (now - m.lastSyncAt()) + " ms ago");
            }
        }
        if (stale > 0 && working == 0) {
            return result.unhealthy().withMessage("no market has synced within %d ms (%d stale)", maxAgeMillis, stale).build();
        }
        String message = stale == 0 ? "markets syncing" : stale + " market(s) stale, the others syncing";
        return result.healthy().withMessage(message).build();
    }
}
