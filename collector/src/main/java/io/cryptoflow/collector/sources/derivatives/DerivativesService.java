package io.cryptoflow.collector.sources.derivatives;

import io.cryptoflow.collector.config.DerivativesConfiguration;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.DerivativesApi;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.Market;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.collector.store.StoredDerivatives;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open interest and funding of every derivatives market whose section switches them on: one
 * {@link DerivativesSync} per symbol, polled every {@code pollInterval} on a small lifecycle pool, each
 * on its own schedule so one failing market never stops the rest. Requests go through the exchange's
 * shared {@code RateGate}, next to its klines and trade catch-up.
 */
public final class DerivativesService implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DerivativesService.class);

    private record Scheduled(DerivativesSync sync, long pollMillis) {
    }

    private final List<Scheduled> syncs = new ArrayList<>();
    private final DerivativesProgress progress = new DerivativesProgress();
    private final ThreadPools pools;
    private final ScheduledExecutorService pool;
    private final List<ScheduledFuture<?>> running = new ArrayList<>();

    /** @param historyDays each section's window in days (its own, or the operator's override) */
    public DerivativesService(Map<ExchangeType, ExchangeConfiguration> exchanges,
                              ToIntFunction<ExchangeConfiguration> historyDays, SqliteCandleWriter writer,
                              StoredDerivatives stored, RateGates gates, HttpClient http, Duration timeout,
                              ThreadPools pools, LongSupplier clock) {
        exchanges.forEach((type, section) -> {
            DerivativesConfiguration config = section.getDerivatives();
            if (!config.isEnabled()) {
                return;
            }
            Optional<DerivativesApi> api = type.derivatives(section.getRestUrl());
            if (api.isEmpty()) {
                throw new IllegalArgumentException("exchanges." + type.name()
                        + ".derivatives: this market has no open interest or funding (spot)");
            }
            Market market = type.market(section.getRestUrl());
            DerivativesFetcher fetcher = new DerivativesFetcher(market,
                    gates.of(market.exchange(), market.rateLimitRules()), http, timeout);
            for (String symbol : section.normalizedSymbols()) {
                syncs.add(new Scheduled(new DerivativesSync(MarketSymbol.of(type.exchange(), symbol), api.get(), fetcher,
                        section.getArchiveUrl(), writer, stored, progress, historyDays.applyAsInt(section) * 86_400_000L,
                        config.getRecheckInterval().toMilliseconds(), clock), config.getPollInterval().toMilliseconds()));
            }
        });
        this.pools = pools;
        this.pool = syncs.isEmpty() ? null : pools.scheduled("collector-derivatives", Math.min(4, syncs.size()));
    }

    public DerivativesProgress progress() {
        return progress;
    }

    /** Whether every market's two series were scanned over their whole window at least once. */
    public boolean isBackfilled() {
        return progress.complete(2 * syncs.size());
    }

    @Override
    public synchronized void start() {
        for (Scheduled s : syncs) {
            running.add(pool.scheduleWithFixedDelay(() -> pollOnce(s.sync()), 0, s.pollMillis(), TimeUnit.MILLISECONDS));
        }
        if (!syncs.isEmpty()) {
            LOG.info("open interest and funding: {} markets", syncs.size());
        }
    }

    private static void pollOnce(DerivativesSync sync) {
        try {
            sync.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Never let an exception cancel the schedule: the next poll tries again.
            LOG.warn("{}: derivatives poll failed", sync.market(), e);
        }
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        running.forEach(f -> f.cancel(true));
        running.clear();
        if (pool != null) {
            ThreadPools.shutdownIfOwned(pools, pool, 5_000);
        }
    }
}
