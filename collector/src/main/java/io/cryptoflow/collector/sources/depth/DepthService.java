package io.cryptoflow.collector.sources.depth;

import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.aggregation.TickSizes;
import io.cryptoflow.collector.config.DepthConfiguration;
import io.cryptoflow.collector.config.ExchangeConfiguration;
import io.cryptoflow.collector.exchange.DepthProtocol;
import io.cryptoflow.collector.exchange.ExchangeType;
import io.cryptoflow.collector.exchange.RateGates;
import io.cryptoflow.collector.store.DepthSink;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.PartitionKind;
import io.cryptoflow.common.ThreadPools;
import io.dropwizard.lifecycle.Managed;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order-book heatmap: one {@link DepthStream} per exchange section listing depth symbols, the
 * {@link DepthSampler} writing every {@code depth.interval}, and the retention of both tiers
 * (expired days dropped whole, hourly). Status per market for /progress, health and metrics.
 */
public final class DepthService implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(DepthService.class);
    private static final long EXPIRY_EVERY_MS = 3_600_000;

    private final List<DepthStream> streams = new ArrayList<>();
    private final List<DepthMarket> markets = new ArrayList<>();
    private final DepthSampler sampler;
    private final ScheduledExecutorService timer;
    private final ThreadPools pools;
    private final long intervalMillis;

    public DepthService(DepthConfiguration config, Map<ExchangeType, ExchangeConfiguration> exchanges, TickSizes ticks,
                        DepthSink sink, RateGates gates, HttpClient http, MetricRegistry metrics, ThreadPools pools,
                        LongSupplier clock) {
        this.pools = pools;
        this.intervalMillis = config.getInterval().toMilliseconds();
        this.timer = pools.scheduled("depth", 1);
        TickSizes steps = new TickSizes(config.getSteps());
        DepthMarket.StepRule rule = (symbol, mid) -> steps.configured(symbol)
                .or(() -> ticks.configured(symbol)).orElseGet(() -> TickSizes.automatic(mid));
        DepthTiming timing = new DepthTiming(DepthTiming.DEFAULT.pingMillis(), DepthTiming.DEFAULT.silenceMillis(),
                DepthTiming.DEFAULT.minReconnectMillis(), DepthTiming.DEFAULT.maxReconnectMillis(),
                config.getSnapshotSpacing().toMilliseconds());
        Map<String, List<DepthMarket>> byExchange = new LinkedHashMap<>();
        exchanges.forEach((type, section) -> {
            if (!config.isEnabled() || !section.getDepth().isEnabled()) {
                return;
            }
            DepthProtocol protocol = DepthProtocols.of(type).orElseThrow(() -> new IllegalArgumentException(
                    "exchanges." + type.name() + ".depth: order books are kept for binance-futures, bybit-linear and bitget-futures only"));
            Map<String, DepthMarket> own = new LinkedHashMap<>();
            for (String symbol : section.getDepth().normalizedSymbols()) {
                DepthMarket m = new DepthMarket(MarketSymbol.of(type.exchange(), symbol), protocol.newSync(), rule, config.band());
                own.put(symbol, m);
                markets.add(m);
            }
            byExchange.put(type.exchange(), List.copyOf(own.values()));
            streams.add(new DepthStream(type.name(), protocol, section.getWsUrl(), section.getRestUrl(), own, http,
                    gates.of(type.exchange(), type.market(section.getRestUrl()).rateLimitRules()), timer,
                    pools.elastic("depth-snapshots"), timing));
        });
        this.sampler = new DepthSampler(byExchange, sink, clock, intervalMillis,
                Map.of(PartitionKind.DEPTH, config.getSecondRetentionDays(),
                        PartitionKind.DEPTH_MINUTE, config.getMinuteRetentionDays()));
        DepthMetrics.register(metrics, this::statuses);
    }

    /** Every depth market's state, in configuration order. */
    public List<DepthStatus> statuses() {
        return markets.stream().map(DepthMarket::status).toList();
    }

    /** The sampler, for tests driving ticks by hand. */
    DepthSampler sampler() {
        return sampler;
    }

    @Override
    public void start() {
        if (markets.isEmpty()) {
            return;
        }
        streams.forEach(DepthStream::start);
        long now = System.currentTimeMillis();
        long firstTick = intervalMillis - Math.floorMod(now, intervalMillis);
        timer.scheduleAtFixedRate(sampler::tickQuietly, firstTick, intervalMillis, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(sampler::expireQuietly, 0, EXPIRY_EVERY_MS, TimeUnit.MILLISECONDS);
        LOG.info("depth: {} markets sampled every {} ms", markets.size(), intervalMillis);
    }

    @Override
    public void stop() throws Exception {
        streams.forEach(DepthStream::stop);
        ThreadPools.shutdownIfOwned(pools, timer, TimeUnit.SECONDS.toMillis(10));
        sampler.stop();
    }
}
