package io.cryptoflow.collector.sources.klines;

import io.cryptoflow.collector.store.SqliteCandleWriter;
import io.cryptoflow.common.ConfiguredMarketSchema;
import io.cryptoflow.common.MarketSymbol;
import io.dropwizard.lifecycle.Managed;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records at start-up which markets and timeframes this configuration collects candles of, in
 * collector.db's {@code configured_markets} (replicated to api.db like the candles): the API answers
 * a configured market that has no candle yet with an empty page instead of a 404. Managed right after
 * the writer, so the writer runs when {@link #start} submits.
 */
public final class ConfiguredMarkets implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredMarkets.class);

    private final SqliteCandleWriter writer;
    private final List<MarketWorker> workers;

    public ConfiguredMarkets(SqliteCandleWriter writer, List<MarketWorker> workers) {
        this.writer = writer;
        this.workers = List.copyOf(workers);
    }

    /** Stored market name → its kline timeframes as {@code configured_markets} stores them. */
    static Map<String, String> of(List<MarketWorker> workers) {
        Map<String, String> markets = new TreeMap<>();
        for (MarketWorker w : workers) {
            String timeframes = ConfiguredMarketSchema.timeframes(w.timeframes());
            for (String symbol : w.symbols()) {
                MarketSymbol.tryOf(w.exchange(), symbol).ifPresent(m -> markets.put(m.stored(), timeframes));
            }
        }
        return markets;
    }

    /**
     * Queued ahead of any candle (the writer is the first managed object, this the second), not waited
     * for: a writer held by a storage outage must not stop the start-up, and the row is retried at the
     * next start. Until it is written the API answers such a market 404 as before.
     */
    @Override
    public void start() {
        Map<String, String> markets = of(workers);
        writer.submitConfiguredMarkets(markets).whenComplete((v, e) -> {
            if (e != null) {
                LOG.warn("could not record the {} configured markets in configured_markets: {}", markets.size(), e.toString());
            }
        });
    }
}
