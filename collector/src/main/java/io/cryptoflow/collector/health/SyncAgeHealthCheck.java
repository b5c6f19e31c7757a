package io.cryptoflow.collector.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.collector.sources.klines.CollectorService;
import io.cryptoflow.collector.sources.klines.MarketWorker;
import java.util.function.LongSupplier;

/**
 * Every market's newest candles were synced recently. Before a market's first sync (its initial
 * backfill still running) it is healthy while its worker is alive: backfill reports progress
 * on {@code /progress}. A market whose exchange refuses this location is healthy with the refusal
 * in its details: it is no fault of the collector, and must not turn the markets that work red.
 */
public class SyncAgeHealthCheck extends HealthCheck {

    private final CollectorService service;
    private final long maxAgeMillis;
    private final LongSupplier clock;

    public SyncAgeHealthCheck(CollectorService service, long maxAgeMillis, LongSupplier clock) {
        this.service = service;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        if (!service.allAlive()) {
            return Result.unhealthy("a market worker thread is not running");
        }
        long now = clock.getAsLong();
        ResultBuilder ok = Result.builder().healthy();
        for (MarketWorker w : service.workers()) {
            var refusal = w.refusal();
            if (refusal.isPresent()) {
                ok.withDetail(w.exchange(), "REFUSED from this location: " + refusal.get().reason()
                        + "; next try " + refusal.get().retryAt());
                continue;
            }
            long last = w.lastSyncAt();
            if (last == 0) {
                ok.withDetail(w.exchange(), "backfilling, no sync yet");
                continue;
            }
            long age = now - last;
            if (age > maxAgeMillis) {
                return Result.unhealthy("%s: last successful sync %d ms ago (limit %d ms)", w.exchange(), age, maxAgeMillis);
            }
            ok.withDetail(w.exchange(), "last sync " + age + " ms ago");
        }
        return ok.build();
    }
}
